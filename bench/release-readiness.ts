/**
 * What one Releases page load costs in readiness (issue 9): `getProjectReadiness(projectId)` (the
 * page's lean read) against the lock's path (the same call with a `visit` callback, which loads every
 * case's full rows), on projects of an existing database. Read only: nothing is written.
 *
 * Run: DATABASE_URL=... npm run bench:readiness [-- [--page-only] slug ...]   (default slugs: bench
 * bench100, as `npm run bench:release -- --keep-database` leaves them; --page-only skips the lock's
 * path and the comparison). Each measurement runs in a process of its
 * own, so its peak RSS is that of one readiness read. Prints wall, CPU and peak RSS per project and
 * path, and whether both paths gave the same problems for every case.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { disconnectDb, getDb } from '@/lib/db';
import { getProjectReadiness, type CaseReadiness } from '@/lib/releases/readiness';

type Path = 'page' | 'lock';
type Figures = { slug: string; path: Path; cases: number; ready: number; released: number; seconds: number; cpuSeconds: number; maxRssMb: number; digest: string; rows?: CaseReadiness[] };

/** Cases up to which a child hands back every case (for the case-by-case comparison), not only a digest. */
const FULL_ROWS_UP_TO = 1000;

async function measure(slug: string, path: Path): Promise<Figures> {
  const { id } = await getDb().project.findUniqueOrThrow({ where: { slug }, select: { id: true } });
  const started = performance.now();
  const cpu = process.cpuUsage();
  // The lock's path: a visit that keeps nothing, so only the full read is measured.
  const readiness = path === 'lock' ? await getProjectReadiness(id, getDb(), () => {}) : await getProjectReadiness(id);
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  const digest = createHash('sha256').update(JSON.stringify(readiness.cases)).digest('hex');
  const rows = readiness.cases.length <= FULL_ROWS_UP_TO ? readiness.cases : undefined;
  return { slug, path, cases: readiness.cases.length, ready: readiness.cases.filter((c) => c.ready).length, released: readiness.cases.filter((c) => c.released).length, seconds, cpuSeconds: (used.user + used.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024, digest, rows };
}

function child(slug: string, path: Path): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', slug, path], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`child ${slug} ${path} exited with ${code}`))));
  });
}

/** Cases whose readiness differs between the two paths (by external id), from the full rows. */
function differing(a: CaseReadiness[], b: CaseReadiness[]): string[] {
  const other = new Map(b.map((c) => [c.externalId, JSON.stringify(c)]));
  const diff = a.filter((c) => other.get(c.externalId) !== JSON.stringify(c)).map((c) => c.externalId);
  return a.length === b.length ? diff : [...diff, `(case counts ${a.length} vs ${b.length})`];
}

async function main(): Promise<void> {
  const slugs = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  console.log(`loadavg ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`);
  for (const slug of slugs.length ? slugs : ['bench', 'bench100']) {
    // One after the other: the machine is shared, two at once would measure each other.
    const page = await child(slug, 'page');
    const lock = process.argv.includes('--page-only') ? null : await child(slug, 'lock');
    for (const f of lock ? [page, lock] : [page]) {
      console.log(`${slug.padEnd(10)} ${f.path === 'page' ? 'page (lean)' : 'lock (full)'}  ${f.cases} cases  wall ${f.seconds.toFixed(2)} s  CPU ${f.cpuSeconds.toFixed(2)} s  peak RSS ${f.maxRssMb.toFixed(0)} MB`);
    }
    if (!lock) continue;
    const same = page.digest === lock.digest;
    const detail = page.rows && lock.rows ? `, case by case: ${differing(page.rows, lock.rows).length} of ${page.rows.length} differ` : '';
    console.log(`${slug.padEnd(10)} same readiness on both paths: ${same ? 'yes' : 'NO'} (sha256 ${page.digest.slice(0, 12)} / ${lock.digest.slice(0, 12)}${detail}); ${page.ready} ready, ${page.released} released`);
    if (!same) process.exitCode = 1;
  }
}

if (process.argv[2] === '--child') {
  measure(process.argv[3], process.argv[4] as Path)
    .then((f) => console.log(JSON.stringify(f)))
    .finally(disconnectDb);
} else {
  await main();
}
