/**
 * The whole `npx primum agreement ratings.csv` command, as typed, against NLTK computing ONE
 * Krippendorff alpha (interval distance, bench/nltk_alpha.py) on the same file, side by side in one
 * run (issue 9). Run: npm run bench:agreement-cli [-- --runs 5 --scale 100]
 *
 * The file is a release's ratings.csv (case_id, option_id, rater_id, simulated, score, rated_at) at
 * 100x NOHARM: 10,000 cases, 424,900 options, 3 ratings each from a panel of the case's specialty,
 * 2,900 pseudonymous raters, seeded. Runs alternate (CLI, NLTK, CLI, ...) so load drifts hit both;
 * wall time is measured around each process and peak RSS is GNU time's (the largest process of
 * the tree). Both results are checked: NLTK's alpha must equal the CLI's alpha.interval. One untimed
 * run first builds the CLI's bundle if a source changed since the last run. Not a test.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '@/lib/agreement';
import type { RatingRow } from '@/lib/releases/archive/types';
import { NOHARM_SHAPE, syntheticCase } from './noharm-scale';

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '3' }, scale: { type: 'string', default: '100' } } });
const RUNS = Number(flags.runs);
const SCALE = Number(flags.scale);
const NOHARM = NOHARM_SHAPE;
const COLUMNS: Array<keyof RatingRow> = ['case_id', 'option_id', 'rater_id', 'simulated', 'score', 'rated_at'];
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));

/** Writes a release-format ratings.csv: rows by case, option, then rater id, as the archive orders them. */
function writeRatings(file: string, scale: number): { ratings: number; options: number; cases: number } {
  const random = mulberry32(scale);
  const [cases, raters] = [NOHARM.cases * scale, NOHARM.raters * scale];
  const pseudonym = Array.from({ length: raters }, (_, r) => `R${createHash('sha256').update(`bench:${r}`).digest('hex').slice(0, 10)}`);
  const bias = Array.from({ length: raters }, () => Math.round((random() - 0.5) * 2));
  const fd = openSync(file, 'w');
  let chunk = `${COLUMNS.join(',')}\n`;
  let [ratings, options] = [0, 0];
  const t0 = Date.parse('2026-11-01T08:00:00.000Z');
  for (let c = 0; c < cases; c++) {
    const { pool, options: count } = syntheticCase(c, scale, random);
    const panel = pool.slice(0, NOHARM.panel).sort((a, b) => (pseudonym[a] < pseudonym[b] ? -1 : 1));
    const caseId = `case-${String(c + 1).padStart(5, '0')}`;
    for (let o = 1; o <= count; o++) {
      const truth = [1, 2, 3, 5, 7, 8, 8, 9, 9, 9][Math.floor(random() * 10)];
      for (const r of panel) {
        const noise = random() < 0.1 ? Math.round((random() - 0.5) * 8) : Math.round((random() - 0.5) * 2.4);
        const score = Math.min(9, Math.max(1, truth + bias[r] + noise));
        const ratedAt = new Date(t0 + Math.floor(random() * 30 * 86_400_000)).toISOString();
        chunk += `${caseId},${o},${pseudonym[r]},false,${score},${ratedAt}\n`;
        ratings++;
      }
      options++;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  return { ratings, options, cases };
}

/** The first Python that imports nltk: $PYTHON, python3 on the PATH, then Debian's (python3-nltk). */
function findPython(): string {
  for (const python of [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p)) {
    if (spawnSync(python, ['-c', 'import nltk'], { stdio: 'ignore' }).status === 0) return python;
  }
  throw new Error('no python3 with nltk found: apt-get install -y python3-nltk (or set PYTHON)');
}

type Run = { seconds: number; cpu: number; rssMb: number; stdout: string };

/** One process under GNU time (CPU time of the whole tree; peak RSS of its largest process), stdout to a file. */
function timed(command: string, args: string[], dir: string): Run {
  const [out, stats] = [path.join(dir, 'stdout'), path.join(dir, 'time')];
  const fd = openSync(out, 'w');
  const start = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', stats, command, ...args], { cwd: root, stdio: ['ignore', fd, 'pipe'] });
  const seconds = (performance.now() - start) / 1000;
  closeSync(fd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  const [rssKb, user, system] = readFileSync(stats, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, cpu: user + system, rssMb: rssKb / 1024, stdout: readFileSync(out, 'utf8') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(path.join(tmpdir(), 'primum-agreement-cli-'));
try {
  const file = path.join(dir, 'ratings.csv');
  const made = writeRatings(file, SCALE);
  const python = findPython();
  const nltk = spawnSync(python, ['-c', 'import nltk; print(nltk.__version__)']).stdout.toString().trim();
  console.log(`${SCALE}x ratings.csv: ${made.ratings.toLocaleString('en')} ratings, ${made.options.toLocaleString('en')} options, ${made.cases.toLocaleString('en')} cases, ${(statSync(file).size / 1048576).toFixed(1)} MB`);
  console.log(`Node ${process.version}, ${python} (NLTK ${nltk}), ${RUNS} runs each, alternating\n`);

  // The first run after a source change builds the bundle (scripts/agreement-bundle.mjs): not timed.
  const warm = timed('npx', ['primum', 'agreement', '--help'], dir);
  console.log(`warm-up (builds the bundle if a source changed): npx primum agreement --help, ${warm.seconds.toFixed(2)} s\n`);
  const cli: Run[] = [];
  const peer: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    cli.push(timed('npx', ['primum', 'agreement', file], dir));
    peer.push(timed(python, [path.join(root, 'bench', 'nltk_alpha.py'), file], dir));
    const line = (r: Run) => `${r.seconds.toFixed(2)} s (CPU ${r.cpu.toFixed(2)} s, ${r.rssMb.toFixed(0)} MB)`;
    console.log(`run ${i + 1}: CLI ${line(cli[i])}, NLTK ${line(peer[i])}`);
  }

  const report = JSON.parse(cli[0].stdout) as { items: number; ratings: number; alpha: { interval: number; ordinal: number } };
  const theirs = JSON.parse(peer[0].stdout) as { alpha_interval: number; items: number; ratings: number };
  if (report.items !== theirs.items || report.ratings !== theirs.ratings || Math.abs(report.alpha.interval - theirs.alpha_interval) > 1e-9) {
    throw new Error(`the two disagree: CLI ${JSON.stringify({ items: report.items, ratings: report.ratings, interval: report.alpha.interval })}, NLTK ${JSON.stringify(theirs)}`);
  }
  console.log(`\nalpha interval: CLI ${report.alpha.interval}, NLTK ${theirs.alpha_interval} (the CLI also gives ordinal ${report.alpha.ordinal} and every other figure)`);
  console.log(`CLI stdout: ${(Buffer.byteLength(cli[0].stdout) / 1024).toFixed(1)} KB\n`);
  const row = (name: string, runs: Run[]) =>
    `| ${name} | ${median(runs.map((r) => r.seconds)).toFixed(2)} | ${runs.map((r) => r.seconds.toFixed(2)).join(' / ')} | ${median(runs.map((r) => r.cpu)).toFixed(2)} | ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} |`;
  console.log('| command | wall time, median (s) | runs (s) | CPU time, median (s) | peak RSS (MB) |');
  console.log('|---|---|---|---|---|');
  console.log(row('`npx primum agreement ratings.csv`', cli));
  console.log(row('`python3 bench/nltk_alpha.py ratings.csv`', peer));
  const ratio = (of: (r: Run) => number) => (median(cli.map(of)) / median(peer.map(of))).toFixed(2);
  console.log(`\nratio CLI / NLTK: wall time ${ratio((r) => r.seconds)}, CPU time ${ratio((r) => r.cpu)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
