import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { rubricScoreOf } from '@/lib/gold/rule';
import { releaseAgreement, type ReleaseAgreementRow } from '@/lib/releases/agreement';
import { releaseZipStream } from '@/lib/releases/archive';
import { RELEASE_FORMAT, type OptionRow, type RatingRow, type ReleaseCaseData, type ReleaseMeta, type ReleaseSource } from '@/lib/releases/archive/types';
import type { StoredCase } from '@/lib/rubric/format';

/**
 * Streams a synthetic release to /dev/null and prints the time and the peak RSS (issue 9: a 100x
 * NOHARM release must stream with peak server memory under 300 MB; 1x export under 2 s). The
 * source is in memory and generated lazily, batch by batch, as the database source pages: what is
 * measured is the archive writer alone. 1x = 100 cases, 4,249 options, 12,747 ratings (3 each).
 * Each scale runs in its own process so that the peak RSS is that scale's.
 *
 *   npx tsx bench/release-export-memory.ts            # 1x then 100x
 *   npx tsx bench/release-export-memory.ts --scale 100
 */

const BATCH_CASES = 100;
const OPTIONS_PER_1X = 4249;
const CASES_PER_1X = 100;
const RATERS = 29;

function optionsOf(caseIndex: number, cases: number, totalOptions: number): number {
  // Spread the options evenly over the cases: 42 or 43 each at NOHARM's ratio.
  return Math.floor(((caseIndex + 1) * totalOptions) / cases) - Math.floor((caseIndex * totalOptions) / cases);
}

function caseData(index: number, cases: number, totalOptions: number): ReleaseCaseData {
  const id = `Card${String(index + 1).padStart(5, '0')}`;
  const count = optionsOf(index, cases, totalOptions);
  const stored: StoredCase = {
    externalId: id,
    presentation: `A ${40 + (index % 40)}-year-old with chest pain, "sudden", at rest; case ${id}.`,
    recommendations: 'ECG, troponin, follow up.',
    rubric: { top: { open: false }, case: {} },
    options: Array.from({ length: count }, (_, i) => ({
      number: i + 1, position: i, text: `Option ${i + 1} of ${id}: order a test, then reassess, as needed`, category: ['Diagnostic', 'Treatment', 'Counseling'][i % 3],
      isHarmOfInaction: i % 5 === 0, bestInGroup: false, abstraction: null, abstractionType: null, dependsOn: [], referenceScore: 1 + (i % 9),
      extra: { _keys: ['id', 'text', 'category', 'score', 'bestInGroup', 'isHarmOfInaction'] },
    })),
  };
  const ratings: RatingRow[] = [];
  const options = stored.options.map((o): OptionRow => {
    const scores = [0, 1, 2].map((k) => 1 + ((index * 7 + o.number * 3 + k * (o.number % 3)) % 9)).sort((a, b) => a - b);
    scores.forEach((score, k) =>
      ratings.push({ case_id: id, option_id: o.number, rater_id: `R${String((index * 3 + k) % RATERS).padStart(3, '0')}`, simulated: k === 2, score, rated_at: new Date(Date.UTC(2026, 10, 1) + (index * 50 + o.number) * 1000).toISOString() }),
    );
    const median = scores[1];
    return {
      case_id: id, specialty: 'Card', option_id: o.number, position: o.position, text: o.text, category: o.category, is_harm_of_inaction: o.isHarmOfInaction,
      gold_score: median, rubric_score: rubricScoreOf(median), gold_source: 'rule', median, zone: median <= 3 ? 'harm' : median >= 7 ? 'appropriate' : 'uncertain',
      severity: median <= 3 ? 'mild' : null, harm_side: median <= 3 ? 'commission' : null, n_ratings: 3, p30: scores[0] + 0.6 * (scores[1] - scores[0]), p70: scores[1] + 0.4 * (scores[2] - scores[1]),
      ipr: 1.5, ipras: 2.35, disagreement: false, needs_discussion: false, locked_by_override: false, reference_score: o.referenceScore,
    };
  });
  return { stored, specialty: 'Card', options, ratings, adjudications: [] };
}

function syntheticSource(scale: number): ReleaseSource {
  const cases = CASES_PER_1X * scale;
  const totalOptions = OPTIONS_PER_1X * scale;
  // The lock computes agreement.json once and stores it; the archive only serialises it, so a 1x sample stands in here.
  const sample: ReleaseAgreementRow[] = [];
  for (let i = 0; i < CASES_PER_1X; i++) {
    const data = caseData(i, cases, totalOptions);
    for (const r of data.ratings) sample.push({ case_id: r.case_id, option_id: r.option_id, rater_id: r.rater_id, score: r.score, specialty: 'Card', category: 'Diagnostic' });
  }
  const meta: ReleaseMeta = {
    format: RELEASE_FORMAT,
    project: { slug: 'bench', name: 'Bench release', is_demo: true },
    version: 1,
    created_at: '2026-11-30T00:00:00.000Z',
    license: 'cc-by-4.0',
    gold_rule: { description: 'Median of the ratings.', config: null },
    override: null,
    counts: { cases, options: totalOptions, ratings: totalOptions * 3, raters: RATERS, simulated_raters: 10, simulated_ratings: totalOptions, adjudications: 0, options_in_disagreement: 0, options_without_gold: 0 },
    specialties: [{ code: 'Card', name: 'Cardiology', cases, options: totalOptions }],
    cases: Array.from({ length: cases }, (_, i) => ({ id: `Card${String(i + 1).padStart(5, '0')}`, specialty: 'Card', options: optionsOf(i, cases, totalOptions) })),
    previous_version: null,
    agreement: releaseAgreement(sample, { bootstrap: 200, seed: 1 }),
  };
  return {
    meta,
    async *cases() {
      for (let start = 0; start < cases; start += BATCH_CASES) {
        yield Array.from({ length: Math.min(BATCH_CASES, cases - start) }, (_, k) => caseData(start + k, cases, totalOptions));
      }
    },
  };
}

async function measure(scale: number): Promise<void> {
  const source = syntheticSource(scale);
  // What the process holds before the stream starts (node, tsx, modules, the meta): the stream's own cost is the rest.
  const startMb = process.memoryUsage().rss / 1e6;
  const started = performance.now();
  const { stream, summary } = releaseZipStream(source, `bench-v1`);
  let zipBytes = 0;
  const counted = Readable.fromWeb(stream as NodeReadableStream<Uint8Array>).on('data', (chunk: Uint8Array) => (zipBytes += chunk.length));
  await pipeline(counted, createWriteStream('/dev/null'));
  const { files, manifestSha256 } = await summary;
  const seconds = (performance.now() - started) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  // One read of the synthetic source, timed after the peak was taken: the writer reads it 8 times
  // (once per table file, once for the rubrics), and a database source costs something else.
  const passStarted = performance.now();
  for await (const batch of source.cases()) void batch;
  const passSeconds = (performance.now() - passStarted) / 1000;
  const size = (p: string) => ((files.find((f) => f.path === p)?.size ?? 0) / 1e6).toFixed(1);
  console.log(
    `${scale}x: ${source.meta.counts.cases} cases, ${source.meta.counts.options} options, ${source.meta.counts.ratings} ratings, ${files.length} files; ` +
      `zip ${(zipBytes / 1e6).toFixed(1)} MB (options.parquet ${size('options.parquet')} MB, ratings.parquet ${size('ratings.parquet')} MB, ratings.csv ${size('ratings.csv')} MB); ` +
      `${seconds.toFixed(2)} s (of which generating the synthetic cases, 8 reads: about ${(8 * passSeconds).toFixed(1)} s); ` +
      `RSS at start ${startMb.toFixed(0)} MB, peak RSS ${peakMb.toFixed(0)} MB; release id ${manifestSha256.slice(0, 12)}`,
  );
}

// Not ./harness: it loads the database modules, whose RSS would blur the figure.
const TSX = path.resolve(import.meta.dirname, '../node_modules/.bin/tsx');
const scaleArg = process.argv.indexOf('--scale');
if (scaleArg > 0) {
  await measure(Number(process.argv[scaleArg + 1]));
} else {
  console.log(`Node ${process.version}`);
  for (const scale of [1, 100]) {
    const run = spawnSync(TSX, [import.meta.filename, '--scale', String(scale)], { stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
