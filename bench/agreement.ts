/**
 * Benchmark of the agreement engine at NOHARM scale (4,249 options, 12,747 ratings, 100 cases,
 * 29 raters, 3 per option) and at 10x and 100x. Run: npx tsx bench/agreement.ts [--quick]
 * Times computeAgreementReport with every coefficient and 1000 bootstrap replicates (median of
 * several runs after a warm-up) and reports memory, so linear growth is visible; then times the
 * coordinator's breakdowns (per specialty, case, option category and rater) at NOHARM scale. Not a test.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { computeAgreementReport, computeBreakdowns, mulberry32, type BreakdownRow, type Rating } from '@/lib/agreement';
import { NOHARM_SHAPE, syntheticCase } from './noharm-scale';

const NOHARM = NOHARM_SHAPE;
const SCALES = process.argv.includes('--quick') ? [1, 10] : [1, 10, 100];
const REPLICATES = 1000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Synthetic NOHARM-like ratings, grouped by option: each case has a fixed panel from its specialty. */
function generate(scale: number, seed: number): Rating[] {
  const random = mulberry32(seed);
  const [cases, raters] = [NOHARM.cases * scale, NOHARM.raters * scale];
  const bias = Array.from({ length: raters }, () => Math.round((random() - 0.5) * 2));
  const ratings: Rating[] = [];
  for (let c = 0; c < cases; c++) {
    const { pool, options } = syntheticCase(c, scale, random);
    const cluster = `Case${c + 1}`;
    for (let o = 0; o < options; o++) {
      const item = `${cluster}-${o + 1}`;
      // Most options are clearly appropriate or clearly harmful; a few are uncertain.
      const truth = [1, 2, 3, 5, 7, 8, 8, 9, 9, 9][Math.floor(random() * 10)];
      for (const r of pool.slice(0, NOHARM.panel)) {
        const noise = random() < 0.1 ? Math.round((random() - 0.5) * 8) : Math.round((random() - 0.5) * 2.4);
        ratings.push({ item, rater: `dr${r + 1}`, value: Math.min(9, Math.max(1, truth + bias[r] + noise)), cluster });
      }
    }
  }
  return ratings;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(run: () => unknown, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return medianOf(times);
}

const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
const domain = [1, 2, 3, 4, 5, 6, 7, 8, 9];

// Warm-up: let the JIT compile every path on small data first.
const warm = generate(1, 99);
for (let i = 0; i < 5; i++) computeAgreementReport(warm, { domain, bootstrap: REPLICATES });

console.log(`Node ${process.version}, ${REPLICATES} bootstrap replicates, median of runs after a warm-up run\n`);
console.log('| scale | options | ratings | cases | raters | report, B=1000 (ms) | report, B=0 (ms) | input heap (MB) | report heap (MB) | rss delta (MB) |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const scale of SCALES) {
  gc();
  const beforeInput = process.memoryUsage().heapUsed;
  const ratings = generate(scale, scale);
  gc();
  const inputHeap = process.memoryUsage().heapUsed - beforeInput;
  const before = process.memoryUsage();
  let report = computeAgreementReport(ratings, { domain, bootstrap: REPLICATES });
  gc();
  const after = process.memoryUsage();
  const runs = scale >= 100 ? 3 : 7;
  const withBootstrap = time(() => (report = computeAgreementReport(ratings, { domain, bootstrap: REPLICATES })), runs);
  const withoutBootstrap = time(() => computeAgreementReport(ratings, { domain, bootstrap: 0 }), runs);
  const cells = [
    `${scale}x`, report.items.toLocaleString('en'), report.ratings.toLocaleString('en'), (NOHARM.cases * scale).toLocaleString('en'), report.raters,
    withBootstrap.toFixed(1), withoutBootstrap.toFixed(1), mb(inputHeap), mb(after.heapUsed - before.heapUsed), mb(after.rss - before.rss),
  ];
  console.log(`| ${cells.join(' | ')} |`);
  if (scale === 1) console.error(`  (1x: alpha ordinal ${report.alpha.ordinal?.toFixed(3)}, 95% CI ${report.ci?.alpha.ordinal?.lower.toFixed(3)}-${report.ci?.alpha.ordinal?.upper.toFixed(3)}, AC1 ${report.gwet_ac1?.toFixed(3)})`);
}

// The coordinator view: per specialty, case and option category, and per rater, at NOHARM scale.
const CATEGORIES = ['Diagnostic', 'Medication', 'Counseling', 'Procedure', 'Follow-up'];
const rows: BreakdownRow[] = generate(1, 1).map((r) => {
  const c = Number(r.cluster!.slice(4)) - 1;
  const option = Number(r.item.split('-')[1]);
  return { ...r, groups: { specialty: `S${c % NOHARM.specialties}`, case: r.cluster!, category: CATEGORIES[option % CATEGORIES.length] } };
});
for (const bootstrap of [0, REPLICATES]) {
  computeBreakdowns(rows, { domain, bootstrap });
  const ms = time(() => computeBreakdowns(rows, { domain, bootstrap }), 7);
  console.log(`\ncomputeBreakdowns at 1x (10 specialties, 100 cases, 5 categories, 29 raters), B=${bootstrap}: ${ms.toFixed(1)} ms`);
}
