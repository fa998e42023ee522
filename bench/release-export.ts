/**
 * Release export against a real database (issue 9, "Speed"): a NOHARM-scale release (100 cases,
 * 4,249 options, 12,747 ratings) must export in under 2 s, and a 100x release must stream with peak
 * server memory under 300 MB. Prints figures for docs/benchmarks.md; no pass/fail on time.
 * Run: npm run bench:release  (DATABASE_URL's server if set, else an embedded PostgreSQL;
 *      `--only 1` skips 100x; `--no-lock-100` builds the 100x release by SQL without trying lockRelease;
 *      `--keep-database` leaves the scratch database in place, `--no-export-100` stops before the 100x export)
 *
 * 1x: the NOHARM-scale cases (bench/noharm-scale.ts) imported for real; then, by SQL, 3 physicians
 *     per specialty (one panel), their assignments marked COMPLETED, their ratings (deterministic:
 *     each option's three scores are its base score -1/0/+1, except one option in 50 split 2/5/8)
 *     and an adjudication of each split option (the default gold rule sends it to adjudication).
 *     Locked with lockRelease (timed), exported with exportRelease: median of 5 after a warm-up,
 *     two exports compared byte for byte, and one export in a child process for its peak RSS.
 * 100x: the 1x cases and options copied 100 times by SQL (10,000 cases, 424,900 options), 100
 *     panels of 3 physicians per specialty, ratings and adjudications as at 1x (1,274,700 ratings).
 *     lockRelease is tried once in a child process (time, peak RSS; stopped past LOCK_LIMIT). When
 *     it does not finish, the release rows are written by SQL in one transaction (below). Then one
 *     export in a child process (the server's role): time, bytes, peak RSS.
 *
 * Bulk inserts run with session_replication_role = replica (no triggers: no per-row history,
 * notify or guard work while seeding); the release rows written by SQL run with triggers on.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { compareIds } from '@/lib/agreement/encode';
import { disconnectDb, getDb } from '@/lib/db';
import { describeGoldRule } from '@/lib/gold';
import { importRubrics } from '@/lib/import/service';
import { readProjectSettings } from '@/lib/projects/settings';
import { applyMigrations } from '@/lib/server/migrate';
import { createDatabase, startTestServer, uniqueName } from '@/test/database';
import { releaseAgreement, type ReleaseAgreementRow } from '@/lib/releases/agreement';
import { RELEASE_FORMAT, type ReleaseMeta } from '@/lib/releases/archive/types';
import { lockRelease } from '@/lib/releases/service';
import { pseudonymOf } from '@/lib/releases/source';
import { drainExport, type ChildFigures } from './release-export-child';
import { ROOT, runBench, withBenchDatabase } from './harness';
import { noharmScaleFiles } from './noharm-scale';

const RUNS = 5;
/** A 100x lock through lockRelease that runs longer or grows larger than this is stopped. */
const LOCK_LIMIT = { seconds: 20 * 60, rssMb: 4096 };
const ONLY_1X = process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === '1';
const TRY_LOCK_100 = !process.argv.includes('--no-lock-100');
/** Leave the scratch database in place (its URL is printed) for experiments; `--no-export-100` stops before the 100x export. */
const KEEP_DATABASE = process.argv.includes('--keep-database');
const EXPORT_100 = !process.argv.includes('--no-export-100');
/** One option in this many is split 2/5/8 (RAND/UCLA disagreement) and adjudicated. */
const SPLIT_EVERY = 50;

const seconds = (since: number) => (performance.now() - since) / 1000;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

/** Physicians (3 per panel, `panels` per specialty), a coordinator and an adjudicator; COMPLETED assignments; ratings; adjudications of split options. */
async function seedPanels(client: pg.Client, projectId: string, tag: string, panels: number): Promise<{ coordinatorId: string }> {
  await client.query('BEGIN');
  await client.query('SET LOCAL session_replication_role = replica');
  const specialties = `(SELECT DISTINCT specialty_id FROM cases WHERE project_id = $1)`;
  await client.query(
    `INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at)
     SELECT 'u_' || $2 || '_' || s.code || '_' || g, lower('bench-' || $2 || '-' || s.code || '-' || g || '@bench.primum.invalid'),
            'Bench ' || s.name || ' physician ' || g, 'no-sign-in', 'PHYSICIAN', now(), now()
     FROM specialties s CROSS JOIN generate_series(1, 3 * $3::int) g WHERE s.id IN ${specialties}`,
    [projectId, tag, panels],
  );
  await client.query(
    `INSERT INTO user_specialties (user_id, specialty_id)
     SELECT 'u_' || $2 || '_' || s.code || '_' || g, s.id FROM specialties s CROSS JOIN generate_series(1, 3 * $3::int) g WHERE s.id IN ${specialties}`,
    [projectId, tag, panels],
  );
  await client.query(
    `INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at) VALUES
       ('u_' || $1 || '_coordinator', 'bench-' || $1 || '-coordinator@bench.primum.invalid', 'Bench coordinator', 'no-sign-in', 'COORDINATOR', now(), now()),
       ('u_' || $1 || '_adjudicator', 'bench-' || $1 || '-adjudicator@bench.primum.invalid', 'Bench adjudicator', 'no-sign-in', 'ADJUDICATOR', now(), now())`,
    [tag],
  );
  // Panel p of a specialty takes every panels-th case of it, in external-id order.
  await client.query(
    `INSERT INTO assignments (id, case_id, user_id, status, assigned_at, started_at, completed_at, submitted_at)
     SELECT 'a_' || c.id || '_' || k, c.id, 'u_' || $2 || '_' || s.code || '_' || (c.panel * 3 + k), 'COMPLETED', now(), now(), now(), now()
     FROM (SELECT id, specialty_id, (row_number() OVER (PARTITION BY specialty_id ORDER BY external_id) - 1) % $3::int AS panel FROM cases WHERE project_id = $1) c
     JOIN specialties s ON s.id = c.specialty_id CROSS JOIN generate_series(1, 3) k`,
    [projectId, tag, panels],
  );
  await client.query(
    `INSERT INTO ratings (id, option_id, user_id, score, created_at, updated_at)
     SELECT 'r_' || o.id || '_' || a.k, o.id, a.user_id,
            CASE WHEN abs(hashtext(o.id)) % ${SPLIT_EVERY} = 0 THEN (ARRAY[2, 5, 8])[a.k]
                 ELSE least(9, greatest(1, abs(hashtext(o.id)) % 9 + (abs(hashtext(o.id)) / 9 + a.k) % 3)) END,
            t.at, t.at
     FROM options o
     JOIN (SELECT case_id, user_id, row_number() OVER (PARTITION BY case_id ORDER BY user_id)::int AS k
           FROM assignments WHERE case_id IN (SELECT id FROM cases WHERE project_id = $1)) a ON a.case_id = o.case_id
     CROSS JOIN LATERAL (SELECT timestamp '2026-11-01' + (abs(hashtext(o.id || a.k)) % 2592000) * interval '1 second' AS at) t`,
    [projectId],
  );
  await client.query(
    `INSERT INTO adjudications (id, option_id, adjudicator_id, score, rationale, created_at, updated_at)
     SELECT 'j_' || o.id, o.id, 'u_' || $2 || '_adjudicator', 4, 'Split panel (2, 5, 8): the middle reading, marked down for the risk the low rater names.',
            timestamp '2026-11-29', timestamp '2026-11-29'
     FROM options o JOIN cases c ON c.id = o.case_id WHERE c.project_id = $1 AND abs(hashtext(o.id)) % ${SPLIT_EVERY} = 0`,
    [projectId, tag],
  );
  await client.query('COMMIT');
  await client.query('ANALYZE');
  return { coordinatorId: `u_${tag}_coordinator` };
}

/** The 1x project's cases and options, `copies` times, as project `slug` (case ids get `-001`...). */
async function copyCases(client: pg.Client, fromProjectId: string, slug: string, copies: number): Promise<string> {
  const projectId = `p_${slug}`;
  await client.query('BEGIN');
  await client.query('SET LOCAL session_replication_role = replica');
  await client.query(`INSERT INTO projects (id, slug, name, created_at, updated_at) VALUES ($1, $2, $3, now(), now())`, [projectId, slug, `Bench release ${copies}x`]);
  await client.query(
    `INSERT INTO cases (id, project_id, external_id, specialty_id, presentation, recommendations, rubric, source_file, created_at)
     SELECT c.id || '_' || k, $2, c.external_id || '-' || lpad(k::text, 3, '0'), c.specialty_id, c.presentation, c.recommendations, c.rubric, c.source_file, now()
     FROM cases c CROSS JOIN generate_series(1, $3::int) k WHERE c.project_id = $1`,
    [fromProjectId, projectId, copies],
  );
  await client.query(
    `INSERT INTO options (id, case_id, number, position, text, category, is_harm_of_inaction, best_in_group, abstraction, abstraction_type, depends_on, reference_score, extra)
     SELECT o.id || '_' || k, o.case_id || '_' || k, o.number, o.position, o.text, o.category, o.is_harm_of_inaction, o.best_in_group, o.abstraction,
            o.abstraction_type, o.depends_on, o.reference_score, o.extra
     FROM options o JOIN cases c ON c.id = o.case_id CROSS JOIN generate_series(1, $2::int) k WHERE c.project_id = $1`,
    [fromProjectId, copies],
  );
  await client.query('COMMIT');
  return projectId;
}

/**
 * The release rows lockRelease would write, by SQL in one transaction (the seal trigger allows no
 * later rows): a releases row whose summary is the ReleaseMeta without agreement and whose agreement
 * is releaseAgreement over every rating (computed here), release_cases, release_items (gold: the
 * adjudicated score where there is one, else the median; the recorded labels, which only the
 * release page reads, are left NULL). No release_files rows: they hold the archive's hashes, which
 * only an export of the release gives; the export does not need them.
 */
async function writeReleaseBySql(client: pg.Client, projectId: string, actorId: string): Promise<string> {
  const started = performance.now();
  const rows = await client.query<{ case_id: string; option_id: number; user_id: string; score: number; specialty: string; category: string }>(
    `SELECT c.external_id AS case_id, o.number AS option_id, r.user_id, r.score, s.code AS specialty, o.category
     FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id JOIN specialties s ON s.id = c.specialty_id
     WHERE c.project_id = $1`,
    [projectId],
  );
  const [{ pseudonym_key: pseudonymKey }] = (await client.query<{ pseudonym_key: string }>('SELECT pseudonym_key FROM projects WHERE id = $1', [projectId])).rows;
  const pseudonyms = new Map<string, string>();
  const agreementRows: ReleaseAgreementRow[] = rows.rows.map((r) => {
    let rater = pseudonyms.get(r.user_id);
    if (!rater) pseudonyms.set(r.user_id, (rater = pseudonymOf(pseudonymKey, r.user_id)));
    return { case_id: r.case_id, option_id: r.option_id, rater_id: rater, score: r.score, specialty: r.specialty, category: r.category };
  });
  const agreementStarted = performance.now();
  const agreement = releaseAgreement(agreementRows);
  console.log(`  agreement of ${agreementRows.length} ratings (releaseAgreement, default bootstrap) in ${seconds(agreementStarted).toFixed(1)} s`);

  const cases = await client.query<{ id: string; specialty: string; options: number }>(
    `SELECT c.external_id AS id, s.code AS specialty, count(o.id)::int AS options FROM cases c JOIN specialties s ON s.id = c.specialty_id
     JOIN options o ON o.case_id = c.id WHERE c.project_id = $1 GROUP BY c.id, s.code`,
    [projectId],
  );
  const names = new Map((await client.query<{ code: string; name: string }>('SELECT code, name FROM specialties')).rows.map((s) => [s.code, s.name]));
  const specialties = new Map<string, { code: string; name: string; cases: number; options: number }>();
  for (const c of cases.rows) {
    const s = specialties.get(c.specialty) ?? { code: c.specialty, name: names.get(c.specialty)!, cases: 0, options: 0 };
    s.cases += 1;
    s.options += c.options;
    specialties.set(c.specialty, s);
  }
  const [counts] = (
    await client.query<{ options: number; adjudications: number; disagreements: number }>(
      `SELECT count(*)::int AS options, count(j.id)::int AS adjudications,
              count(*) FILTER (WHERE (SELECT min(score) <= 3 AND max(score) >= 7 FROM ratings r WHERE r.option_id = o.id))::int AS disagreements
       FROM options o JOIN cases c ON c.id = o.case_id LEFT JOIN adjudications j ON j.option_id = o.id WHERE c.project_id = $1`,
      [projectId],
    )
  ).rows;
  const rule = readProjectSettings({}).goldRule;
  const [project] = (await client.query<{ slug: string; name: string; is_demo: boolean }>('SELECT slug, name, is_demo FROM projects WHERE id = $1', [projectId])).rows;
  const createdAt = new Date();
  const meta: Omit<ReleaseMeta, 'agreement'> = {
    format: RELEASE_FORMAT,
    project: { slug: project.slug, name: project.name, is_demo: project.is_demo },
    version: 1,
    created_at: createdAt.toISOString(),
    license: 'cc-by-4.0',
    gold_rule: { description: describeGoldRule(rule), config: rule },
    override: null,
    counts: {
      cases: cases.rows.length,
      options: counts.options,
      ratings: agreementRows.length,
      raters: pseudonyms.size,
      simulated_raters: 0,
      simulated_ratings: 0,
      adjudications: counts.adjudications,
      options_in_disagreement: counts.disagreements,
      options_without_gold: 0,
    },
    specialties: [...specialties.values()].sort((a, b) => compareIds(a.code, b.code)),
    cases: cases.rows.sort((a, b) => compareIds(a.id, b.id)),
    previous_version: null,
  };

  const releaseId = `rel_${project.slug}_v1`;
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO releases (id, project_id, version, gold_rule, created_by_id, created_at, summary, gold_rule_config, license, agreement)
     VALUES ($1, $2, 1, $3, $4, $5, $6, $7, 'cc-by-4.0', $8)`,
    [releaseId, projectId, meta.gold_rule.description, actorId, createdAt, JSON.stringify(meta), JSON.stringify(rule), JSON.stringify(agreement)],
  );
  await client.query(`INSERT INTO release_cases (release_id, case_id) SELECT $1, id FROM cases WHERE project_id = $2`, [releaseId, projectId]);
  await client.query(
    `INSERT INTO release_items (release_id, option_id, gold_score, rating_count, disagreement, gold_source, locked_by_override)
     SELECT $1, o.id, COALESCE(min(j.score), percentile_cont(0.5) WITHIN GROUP (ORDER BY r.score)), count(r.id), min(r.score) <= 3 AND max(r.score) >= 7,
            CASE WHEN min(j.score) IS NULL THEN 'rule' ELSE 'adjudicated' END, false
     FROM options o JOIN cases c ON c.id = o.case_id JOIN ratings r ON r.option_id = o.id LEFT JOIN adjudications j ON j.option_id = o.id
     WHERE c.project_id = $2 GROUP BY o.id`,
    [releaseId, projectId],
  );
  await client.query(`UPDATE cases SET locked_at = $2 WHERE project_id = $1`, [projectId, createdAt]);
  await client.query('COMMIT');
  await client.query('ANALYZE');
  console.log(`  release rows written by SQL (one transaction) in ${seconds(started).toFixed(1)} s`);
  return releaseId;
}

/** Peak resident memory of a running process (VmHWM), in MB; null once it is gone. */
function peakRssOf(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * bench/release-export-child.ts in its own Node process against `databaseUrl`. Stopped (SIGKILL,
 * its own pid) past `limit`; resolves with its figures, or with why it stopped.
 */
function runChild(databaseUrl: string, args: string[], limit?: { seconds: number; rssMb: number }): Promise<ChildFigures | { stopped: string; seconds: number; peakRssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(ROOT, 'bench/release-export-child.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  let stopped: string | null = null;
  let peak = 0;
  const watch = setInterval(() => {
    peak = Math.max(peak, peakRssOf(child.pid!) ?? 0);
    if (!limit || stopped) return;
    if (peak > limit.rssMb) stopped = `peak RSS passed ${limit.rssMb} MB`;
    else if (seconds(started) > limit.seconds) stopped = `still running after ${limit.seconds} s`;
    if (stopped) child.kill('SIGKILL');
  }, 500);
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      clearInterval(watch);
      if (stopped) return resolve({ stopped, seconds: seconds(started), peakRssMb: peak });
      if (code !== 0) return reject(new Error(`release-export-child ${args.join(' ')} exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildFigures);
    });
  });
}

function describeChild(figures: ChildFigures): string {
  const size = figures.bytes === undefined ? '' : `, zip ${mb(figures.bytes)} MB (${figures.bytes} bytes)`;
  return `${figures.seconds.toFixed(2)} s (CPU ${figures.cpuSeconds.toFixed(2)} s)${size}; RSS at start ${figures.startRssMb.toFixed(0)} MB, peak RSS ${figures.maxRssMb.toFixed(0)} MB ` +
    `(peaks sampled: V8 heap used ${figures.peakHeapUsedMb.toFixed(0)} MB of ${figures.peakHeapTotalMb.toFixed(0)} MB, external ${figures.peakExternalMb.toFixed(0)} MB)`;
}

async function oneX(client: pg.Client, url: string): Promise<string> {
  const db = getDb();
  let started = performance.now();
  const { project } = await importRubrics({ actorId: null, project: { slug: 'bench' }, files: noharmScaleFiles() });
  const projectId = (await db.project.findUniqueOrThrow({ where: { slug: project.slug } })).id;
  const { coordinatorId } = await seedPanels(client, projectId, 'bench', 1);
  const [seeded] = (
    await client.query(
      `SELECT count(DISTINCT c.id)::int AS cases, count(DISTINCT o.id)::int AS options, count(r.id)::int AS ratings,
              count(DISTINCT r.user_id)::int AS raters, (SELECT count(*)::int FROM adjudications) AS adjudications
       FROM cases c JOIN options o ON o.case_id = c.id JOIN ratings r ON r.option_id = o.id WHERE c.project_id = $1`,
      [projectId],
    )
  ).rows;
  console.log(`1x seeded in ${seconds(started).toFixed(1)} s: ${JSON.stringify(seeded)}`);

  const rssBefore = process.memoryUsage().rss;
  started = performance.now();
  const locked = await lockRelease({ actorId: coordinatorId, projectId });
  console.log(
    `1x lockRelease: ${seconds(started).toFixed(2)} s (${locked.cases.length} cases, ${locked.options} options, release id ${locked.id.slice(0, 12)}); ` +
      `bench process RSS ${mb(rssBefore)} -> ${mb(process.memoryUsage().rss)} MB`,
  );

  const first = await drainExport(locked.releaseId);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let last = first;
  for (let i = 0; i < RUNS; i++) {
    started = performance.now();
    const cpu = process.cpuUsage();
    last = await drainExport(locked.releaseId);
    times.push(seconds(started));
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1e6);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(
    `1x exportRelease (in process, drained): median ${median(times).toFixed(3)} s (CPU ${median(cpuTimes).toFixed(3)} s) of ${RUNS} after a warm-up ` +
      `(runs ${times.map((t) => t.toFixed(3)).join(', ')}); zip ${mb(first.bytes)} MB`,
  );
  console.log(
    `1x two exports identical bytes: ${first.sha256 === last.sha256 && first.bytes === last.bytes ? 'yes' : 'NO'} (zip sha256 ${first.sha256.slice(0, 12)}); ` +
      `manifest matches the lock's release id: ${first.id === locked.id ? 'yes' : 'NO'}`,
  );
  const child = await runChild(url, ['export', locked.releaseId]);
  if ('stopped' in child) throw new Error(`1x child export stopped: ${child.stopped}`);
  console.log(`1x export in a child process: ${describeChild(child)}; same bytes as in process: ${child.sha256 === first.sha256 ? 'yes' : 'NO'}`);
  return projectId;
}

async function hundredX(client: pg.Client, url: string, fromProjectId: string): Promise<void> {
  let started = performance.now();
  const projectId = await copyCases(client, fromProjectId, 'bench100', 100);
  const { coordinatorId } = await seedPanels(client, projectId, 'bench100', 100);
  const [seeded] = (
    await client.query(
      `SELECT (SELECT count(*)::int FROM cases WHERE project_id = $1) AS cases,
              (SELECT count(*)::int FROM options o JOIN cases c ON c.id = o.case_id WHERE c.project_id = $1) AS options,
              (SELECT count(*)::int FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id WHERE c.project_id = $1) AS ratings,
              (SELECT count(*)::int FROM adjudications j JOIN options o ON o.id = j.option_id JOIN cases c ON c.id = o.case_id WHERE c.project_id = $1) AS adjudications,
              (SELECT count(DISTINCT a.user_id)::int FROM assignments a JOIN cases c ON c.id = a.case_id WHERE c.project_id = $1) AS raters,
              pg_size_pretty(pg_database_size(current_database())) AS database`,
      [projectId],
    )
  ).rows;
  console.log(`100x seeded in ${seconds(started).toFixed(1)} s: ${JSON.stringify(seeded)}`);

  let releaseId: string | null = null;
  if (TRY_LOCK_100) {
    const lock = await runChild(url, ['lock', projectId, coordinatorId], LOCK_LIMIT);
    if ('stopped' in lock) console.log(`100x lockRelease (child process): stopped, ${lock.stopped}; ${lock.seconds.toFixed(0)} s, peak RSS ${lock.peakRssMb.toFixed(0)} MB`);
    else {
      console.log(`100x lockRelease (child process): ${describeChild(lock)}; release id ${lock.id!.slice(0, 12)}`);
      releaseId = lock.releaseId!;
    }
  }
  if (!releaseId) releaseId = await writeReleaseBySql(client, projectId, coordinatorId);
  console.log(`100x release: ${releaseId}`);
  if (!EXPORT_100) return;

  started = performance.now();
  const exported = await runChild(url, ['export', releaseId]);
  if ('stopped' in exported) throw new Error(`100x export stopped: ${exported.stopped}`);
  console.log(`100x export in a child process: ${describeChild(exported)}; release id ${exported.id!.slice(0, 12)}`);
}

/** withBenchDatabase without the drop: the database stays for later runs of the export child. */
async function withKeptDatabase(prefix: string, work: (url: string) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  const url = await createDatabase(server.adminUrl, uniqueName(prefix));
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  console.log(`database kept: ${url}`);
  try {
    await work(url);
  } finally {
    await disconnectDb();
  }
}

runBench(() =>
  (KEEP_DATABASE ? withKeptDatabase : withBenchDatabase)('primum_bench_release', async (url) => {
    console.log(`Node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const projectId = await oneX(client, url);
      if (!ONLY_1X) await hundredX(client, url, projectId);
    } finally {
      await client.end();
    }
  }),
);
