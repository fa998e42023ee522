import { readFileSync } from 'node:fs';
import { parseCommandArgs, type Command } from '@/cli/command';
import { computeAgreementReport, DEFAULT_REPLICATES, DEFAULT_SEED } from '@/lib/agreement';
import { detectFormat, parseRatings } from '@/lib/agreement/parse-ratings';
import { parseScale, scaleValues } from '@/lib/agreement/schema';
import { AppError, isAppError } from '@/lib/errors';

const HELP = `Usage: npx primum agreement <file> [--scale 1-9] [--bootstrap ${DEFAULT_REPLICATES}] [--seed ${DEFAULT_SEED}]

Agreement statistics for a ratings file, printed as one JSON object on stdout.

<file> is CSV with a header naming item, rater and score (any order; an optional case column
groups options for the bootstrap; other columns are ignored) or JSONL with the same keys
(chosen by a .jsonl/.ndjson name or a first character "{"). An empty or null score is a missing
rating. Scores must be integers on the scale; a rater may rate an option once.

Output: items, raters, ratings; Krippendorff's alpha (nominal, ordinal, interval, ratio, and
nominal over the RAND/UCLA zones); Fleiss' kappa (overall and per category); percent agreement;
Gwet's AC1 and AC2 (linear, quadratic); Cohen's kappa for every rater pair; percentile bootstrap
95% intervals resampling cases; per option the RAND/UCLA median, P30/P70, IPR, IPRAS,
disagreement and zone. A coefficient that is undefined for the data is null, with the reason in
"notes".

Options:
  --scale MIN-MAX   the rating scale (default 1-9); weights and AC1/AC2 use all of it
  --bootstrap N     bootstrap replicates (default ${DEFAULT_REPLICATES}); 0 disables the intervals
  --seed N          seed of the bootstrap (default ${DEFAULT_SEED}); same seed, same intervals

Exit codes: 0 done; 2 bad usage or malformed input (one line on stderr naming the line).`;

function nonNegativeInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 0) throw new AppError('INVALID_INPUT', `${flag} must be a non-negative integer, got "${text}"`);
  return value;
}

export const agreementCommand: Command = {
  name: 'agreement',
  summary: 'agreement statistics (alpha, kappa, AC1/AC2, RAND/UCLA) for a ratings CSV or JSONL file',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { scale: { type: 'string' }, bootstrap: { type: 'string' }, seed: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new AppError('INVALID_INPUT', 'agreement needs exactly one <file> (see --help)');
    const scale = parseScale(values.scale ?? '1-9');
    if (!scale || scale.max - scale.min > 99) throw new AppError('INVALID_INPUT', `--scale must be MIN-MAX with MIN < MAX, at most 100 values, got "${values.scale}"`);
    const bootstrap = nonNegativeInteger('--bootstrap', values.bootstrap, DEFAULT_REPLICATES);
    const seed = nonNegativeInteger('--seed', values.seed, DEFAULT_SEED);
    const file = positionals[0];
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw new AppError('INVALID_INPUT', `${file}: ${reason}`);
    }
    let ratings;
    try {
      ratings = parseRatings(text, { format: detectFormat(text, file), scale });
    } catch (error) {
      throw isAppError(error) ? new AppError(error.code, `${file}: ${error.message}`) : error;
    }
    const report = computeAgreementReport(ratings, { domain: scaleValues(scale), bootstrap, seed });
    // Wait for the write: the dispatcher exits the process as soon as run() resolves.
    await new Promise<void>((resolve, reject) => process.stdout.write(`${JSON.stringify(report)}\n`, (error) => (error ? reject(error) : resolve())));
    return 0;
  },
};
