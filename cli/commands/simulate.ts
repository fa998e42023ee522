import { parseCommandArgs, type Command } from '@/cli/command';
import { withDatabase } from '@/cli/database';
import { AppError } from '@/lib/errors';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'fill open assignments with simulated physicians\' scores (demo and load data)',
  help: `Usage: npx primum simulate <project> [--seed N] [--take-unstarted]

Creates simulated physicians (marked "Simulated" everywhere, unable to sign in) where a specialty
of the project has fewer than it needs, assigns waiting cases, and fills every open assignment
held by a simulated physician with plausible 1-9 scores (the reference score or a category prior,
plus rater bias, noise and occasional dissent). The same --seed (default 1) gives the same scores
on the same data.

Options:
  --seed N           seed of the simulated scores (default 1)
  --take-unstarted   also hand real physicians' assignments that have no rating yet to simulated
                     physicians (to try a project before its raters start; audited). Without it,
                     real physicians' assignments are never touched.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { seed: { type: 'string' }, 'take-unstarted': { type: 'boolean' } });
    if (positionals.length !== 1) throw new AppError('INVALID_INPUT', 'simulate needs exactly one project slug (see --help)');
    if (values.seed !== undefined && !/^\d{1,9}$/.test(values.seed)) throw new AppError('INVALID_INPUT', `--seed must be a non-negative integer, got "${values.seed}"`);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    const { findProjectBySlug } = await import('@/lib/projects/service');
    const { simulateRatings } = await import('@/lib/simulate/service');
    const result = await withDatabase(async () => simulateRatings({ projectId: (await findProjectBySlug(positionals[0])).id, seed, takeUnstarted: values['take-unstarted'] }), { quiet: true });
    process.stdout.write(
      `simulated raters created: ${result.createdRaters.length}; real assignments handed over: ${result.takenOver}; assignments filled: ${result.assignmentsFilled}; ratings written: ${result.ratings}\n` +
        (result.waiting.length ? `still waiting for physicians: ${result.waiting.join(', ')}\n` : ''),
    );
    return 0;
  },
};
