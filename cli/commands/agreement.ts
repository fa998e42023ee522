import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { parseCommandArgs, writeStdout, type Command } from '@/cli/command';
import { createRatingsReader, formatOfName } from '@/lib/agreement/parse-ratings';
import { computeAgreementReport, DEFAULT_REPLICATES, DEFAULT_SEED, type ItemReport } from '@/lib/agreement/report';
import { parseScale, scaleValues, type Scale } from '@/lib/agreement/schema';
import { computeSummaryReport } from '@/lib/agreement/report';
import type { Rating } from '@/lib/agreement/types';
import { AppError, isAppError } from '@/lib/errors';

const HELP = `Usage: npx primum agreement <file> [--scale 1-9] [--bootstrap ${DEFAULT_REPLICATES}] [--seed ${DEFAULT_SEED}] [--per-item] [--per-item-out <file>]

Agreement statistics for a ratings file, printed as one JSON object on stdout.

<file> is CSV with a header naming item, rater and score (any order; an optional case column
groups options for the bootstrap; other columns are ignored) or JSONL with the same keys
(chosen by a .jsonl/.ndjson name or a first character "{"). A release's ratings.csv or
ratings.jsonl is read as it is: its item is case_id#option_id (option ids are numbered per case),
its rater rater_id and its case case_id. An empty or null score is a missing rating. Scores must
be integers on the scale; a rater may rate an option once.

Output: items, raters, ratings; Krippendorff's alpha (nominal, ordinal, interval, ratio, and
nominal over the RAND/UCLA zones); Fleiss' kappa (overall and per category); percent agreement;
Gwet's AC1 and AC2 (linear, quadratic); Cohen's kappa for every rater pair; percentile bootstrap
95% intervals resampling cases. On request, per option the RAND/UCLA median, P30/P70, IPR,
IPRAS, disagreement and zone. A coefficient that is undefined for the data is null, with the
reason in "notes".

Options:
  --scale MIN-MAX   the rating scale (default 1-9); weights and AC1/AC2 use all of it
  --bootstrap N     bootstrap replicates (default ${DEFAULT_REPLICATES}); 0 disables the intervals
  --seed N          seed of the bootstrap (default ${DEFAULT_SEED}); same seed, same intervals
  --per-item        include the per-option lines in the JSON, as "per_item"
  --per-item-out F  write the per-option lines to file F, one JSON object a line

Exit codes: 0 done; 2 bad usage or malformed input (one line on stderr naming the line).`;

function nonNegativeInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 0) throw new AppError('INVALID_INPUT', `${flag} must be a non-negative integer, got "${text}"`);
  return value;
}

/** Reads the file a block at a time into the streaming parser: never the whole file as one string. */
function readRatingsFile(file: string, scale: Scale): Rating[] {
  const unreadable = (error: unknown): never => {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new AppError('INVALID_INPUT', `${file}: ${reason}`);
  };
  const reader = createRatingsReader({ format: formatOfName(file), scale });
  const decoder = new TextDecoder();
  const block = Buffer.allocUnsafe(1 << 22);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    return unreadable(error);
  }
  const read = () => {
    try {
      return readSync(fd, block);
    } catch (error) {
      return unreadable(error);
    }
  };
  try {
    for (let n = read(); n > 0; n = read()) reader.push(decoder.decode(block.subarray(0, n), { stream: true }));
  } finally {
    closeSync(fd);
  }
  reader.push(decoder.decode());
  try {
    return reader.end();
  } catch (error) {
    throw isAppError(error) ? new AppError(error.code, `${file}: ${error.message}`) : error;
  }
}

/** The per-option lines as JSON Lines, written in blocks (a 100x release has 424,900 of them). */
function writeItemLines(file: string, items: readonly ItemReport[]): void {
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (error) {
    throw new AppError('INVALID_INPUT', `--per-item-out ${file}: ${(error as Error).message}`);
  }
  try {
    for (let at = 0; at < items.length; at += 10_000) writeSync(fd, `${items.slice(at, at + 10_000).map((item) => JSON.stringify(item)).join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
}

export const agreementCommand: Command = {
  name: 'agreement',
  summary: 'agreement statistics (alpha, kappa, AC1/AC2, RAND/UCLA) for a ratings CSV or JSONL file',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      scale: { type: 'string' },
      bootstrap: { type: 'string' },
      seed: { type: 'string' },
      'per-item': { type: 'boolean' },
      'per-item-out': { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new AppError('INVALID_INPUT', 'agreement needs exactly one <file> (see --help)');
    const scale = parseScale(values.scale ?? '1-9');
    if (!scale || scale.max - scale.min > 99) throw new AppError('INVALID_INPUT', `--scale must be MIN-MAX with MIN < MAX, at most 100 values, got "${values.scale}"`);
    const bootstrap = nonNegativeInteger('--bootstrap', values.bootstrap, DEFAULT_REPLICATES);
    const seed = nonNegativeInteger('--seed', values.seed, DEFAULT_SEED);
    const ratings = readRatingsFile(positionals[0], scale);
    const options = { domain: scaleValues(scale), bootstrap, seed };
    const perItemOut = values['per-item-out'];
    let printed;
    if (values['per-item'] || perItemOut !== undefined) {
      const report = computeAgreementReport(ratings, options);
      if (perItemOut !== undefined) writeItemLines(perItemOut, report.per_item);
      const { per_item: _, ...summary } = report;
      printed = values['per-item'] ? report : summary;
    } else {
      // The per-option lines are nearly all of the output (79 of 79.5 MB at 100x NOHARM): computed only when asked for.
      printed = computeSummaryReport(ratings, options);
    }
    await writeStdout(`${JSON.stringify(printed)}\n`);
    return 0;
  },
};
