import { EXIT_USAGE, parseCommandArgs, type Command } from '@/cli/command';
import { withDatabase } from '@/cli/database';
import { readJsonFiles } from '@/cli/files';
import { AppError, isAppError } from '@/lib/errors';
import { formatProblem, type ImportProblem } from '@/lib/import/parse-rubrics';

export const importCommand: Command = {
  name: 'import',
  summary: 'import NOHARM rubric JSON files into a project',
  help: `Usage: npx primum import <files or folders...> [--project <slug>] [--json]

Imports NOHARM rubric files (the format of noharm-open/rubrics/*.json; a folder means its *.json
files) in one transaction: one bad file refuses the whole import and nothing is written. Cases
already in the project are skipped and reported, never updated. Imported cases are assigned to
physicians of their specialty at once.

Options:
  --project <slug>  target project (created if new); default: the only project, or "default"
  --json            print {"imported":{"cases":N,"options":M},"skipped":[...],"errors":[...]}

Exit codes: 0 imported (or nothing new), 2 bad usage or invalid files (nothing written).`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { project: { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length === 0) throw new AppError('INVALID_INPUT', 'import needs at least one file or folder (see --help)');
    const files = readJsonFiles(positionals);
    const { importRubrics } = await import('@/lib/import/service');
    try {
      const result = await withDatabase(() => importRubrics({ actorId: null, project: { slug: values.project }, files }), { quiet: true });
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ imported: result.imported, skipped: result.skipped, errors: [] })}\n`);
      } else {
        process.stdout.write(`project ${result.project.slug}${result.project.created ? ' (new)' : ''}: imported ${result.imported.cases} case(s), ${result.imported.options} option(s)\n`);
        if (result.skipped.length) process.stdout.write(`already present, left unchanged: ${result.skipped.join(', ')}\n`);
        process.stdout.write(`assignments created: ${result.assigned}\n`);
        for (const w of result.waiting) process.stdout.write(`waiting for physicians: ${w.externalId} has ${w.have} of ${w.need}\n`);
      }
      return 0;
    } catch (error) {
      if (!isAppError(error) || error.code !== 'INVALID_INPUT' || !Array.isArray(error.details)) throw error;
      const problems = error.details as ImportProblem[];
      if (values.json) process.stdout.write(`${JSON.stringify({ imported: { cases: 0, options: 0 }, skipped: [], errors: problems })}\n`);
      // The first line alone says what is wrong; further problems follow, one per line.
      const [first, ...rest] = problems.map(formatProblem);
      const more = rest.length ? ` (and ${rest.length} more below)` : '';
      process.stderr.write(`primum: nothing was imported: ${first}${more}\n${rest.map((line) => `  ${line}\n`).join('')}`);
      return EXIT_USAGE;
    }
  },
};
