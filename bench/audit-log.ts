/**
 * Benchmark of the audit page's query (the audit_log view, keyset pages of 100 newest first) on a
 * scratch database with ~300k history rows: NOHARM-scale ratings (12,747) by simulated raters, then
 * rating_history rows spread over 60 days (23 per rating) and 20,000 audit events, inserted directly.
 * Times the first page, a deep page (cursor ~150k rows down), filtered pages, and the CSV export of a
 * filtered selection; median of 7 runs after a warm-up. Run: npm run bench:audit. Not a test.
 */
import { performance } from 'node:perf_hooks';
import { getDb } from '@/lib/db';
import { createUser } from '@/lib/users/service';
import { listAuditActors, listProjectAuditLog } from '@/lib/audit-log/service';
import { auditCsvChunks } from '@/lib/audit-log/export';
import type { AuditFilter } from '@/lib/audit-log/schema';
import type { SessionUser } from '@/lib/auth/roles';
import { runBench, seedNoharmScale, withBenchDatabase } from './harness';

const RUNS = 7;

async function median(run: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

runBench(() =>
  withBenchDatabase('primum_bench_audit', async () => {
    const db = getDb();
    const { projectId } = await seedNoharmScale();
    const started = performance.now();
    await db.$executeRaw`
      INSERT INTO rating_history (rating_id, option_id, user_id, old_score, new_score, changed_by, changed_at)
      SELECT r.id, r.option_id, r.user_id, 1 + (g % 9), 1 + ((g + 1) % 9), CASE WHEN g % 10 = 0 THEN NULL ELSE r.user_id END,
             now() - (random() * interval '60 days')
      FROM ratings r CROSS JOIN generate_series(1, 23) g`;
    await db.$executeRaw`
      INSERT INTO audit_events (actor_id, action, entity_type, entity_id, data, created_at)
      SELECT NULL, CASE WHEN g % 2 = 0 THEN 'project.settings' ELSE 'assignments.create' END, 'project', ${projectId},
             jsonb_build_object('old', jsonb_build_object('stalledAfterDays', g % 30 + 1), 'new', jsonb_build_object('stalledAfterDays', g % 30 + 2)),
             now() - (random() * interval '60 days')
      FROM generate_series(1, 20000) g`;
    // Changes to people (no project in the view): half about the project's members (shown on its
    // page through project_members), half about people outside it (not shown).
    await db.$executeRaw`
      INSERT INTO audit_events (actor_id, action, entity_type, entity_id, data, created_at)
      SELECT NULL, CASE WHEN g % 3 = 0 THEN 'user.role.set' WHEN g % 3 = 1 THEN 'user.deactivate' ELSE 'user.activate' END, 'user',
             CASE WHEN g % 2 = 0 THEN m.user_id ELSE 'outsider-' || g END, '{}'::jsonb, now() - (random() * interval '60 days')
      FROM generate_series(1, 4000) g
      CROSS JOIN LATERAL (SELECT user_id FROM project_members WHERE project_id = ${projectId} ORDER BY user_id OFFSET (g % 30) LIMIT 1) m`;
    await db.$executeRawUnsafe('ANALYZE');
    const [{ n }] = await db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM audit_log WHERE project_id = ${projectId}`;
    console.log(`history seeded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${n} audit_log rows in the project`);

    const email = `bench-admin-${Date.now()}@bench.primum.invalid`;
    await createUser({ actorId: null, input: { email, name: 'Bench admin', role: 'ADMIN', password: 'bench-password-123', specialties: [] } });
    const user = (await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, isSimulated: true } })) as SessionUser;
    const page = (filter: AuditFilter) => () => listProjectAuditLog({ user, projectId, filter });

    const [deep] = await db.$queryRaw<Array<{ at: string; id: string }>>`
      SELECT to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, id FROM audit_log WHERE project_id = ${projectId}
      ORDER BY at DESC, id DESC OFFSET 150000 LIMIT 1`;
    const someActor = (await db.rating.findFirstOrThrow({ select: { userId: true } })).userId;
    const midDay = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

    const results: Array<[string, { median: number; max: number }, number]> = [];
    const measure = async (label: string, filter: AuditFilter) => {
      const rows = (await page(filter)()).rows.length;
      results.push([label, await median(page(filter)), rows]);
    };
    await measure('first page (newest 100)', {});
    await measure('deep page (older than row 150,000)', { older: `${deep.at}|${deep.id}` });
    await measure('filter: action rating.change', { action: 'rating.change' });
    await measure('filter: one physician (actor)', { actor: someActor });
    await measure('filter: unknown actor', { actor: 'unknown' });
    await measure('filter: one UTC day 30 days ago', { from: midDay, to: midDay });
    await measure('filter: settings events (rare family)', { action: 'project' });
    await measure("filter: changes to members' accounts (user)", { action: 'user' });
    results.push(['actor choices of the filter', await median(() => listAuditActors(projectId)), (await listAuditActors(projectId)).length]);
    let csvRows = 0;
    const csv = await median(async () => {
      csvRows = 0;
      for await (const chunk of auditCsvChunks({ user, slug: 'bench', filter: { actor: someActor } })) csvRows += chunk.split('\r\n').length - 1;
    });
    results.push([`CSV export, one physician (${csvRows - 1} rows)`, csv, csvRows - 1]);

    // Same load, same data: the first page's SQL with the project test before (project_id only)
    // and after changes to members' accounts joined the project's page.
    const rawPage = (scope: string) => () =>
      db.$transaction([
        db.$executeRawUnsafe('SET LOCAL jit = off'),
        db.$queryRawUnsafe(`SELECT id FROM ((SELECT * FROM audit_log_events WHERE ${scope} ORDER BY at DESC, id DESC LIMIT 101)
          UNION ALL (SELECT * FROM audit_log_ratings WHERE project_id = '${projectId}' ORDER BY at DESC, id DESC LIMIT 101)) AS log ORDER BY at DESC, id DESC LIMIT 101`),
      ]);
    const members = `(project_id = '${projectId}' OR (entity_type = 'user' AND action LIKE 'user.%' AND entity_id IN (SELECT m.user_id FROM project_members m WHERE m.project_id = '${projectId}'))
      OR (project_id IS NULL AND entity_type = 'invitation' AND entity_id IN (SELECT i.id FROM invitations i JOIN project_members m ON m.user_id = i.user_id WHERE m.project_id = '${projectId}')))`;
    results.push(['first page SQL alone, project rows only (before)', await median(rawPage(`project_id = '${projectId}'`)), 101]);
    results.push(["first page SQL alone, with members' account changes (now)", await median(rawPage(members)), 101]);
    await db.$executeRawUnsafe('SET jit = off');
    const plan = await db.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(
      `EXPLAIN (ANALYZE, BUFFERS OFF, TIMING ON, SUMMARY ON) SELECT id FROM (
         (SELECT * FROM audit_log_events WHERE (project_id = '${projectId}' OR (entity_type = 'user' AND action LIKE 'user.%'
           AND entity_id IN (SELECT m.user_id FROM project_members m WHERE m.project_id = '${projectId}'))
           OR (project_id IS NULL AND entity_type = 'invitation' AND entity_id IN (SELECT i.id FROM invitations i
             JOIN project_members m ON m.user_id = i.user_id WHERE m.project_id = '${projectId}'))) ORDER BY at DESC, id DESC LIMIT 101)
         UNION ALL (SELECT * FROM audit_log_ratings WHERE project_id = '${projectId}' ORDER BY at DESC, id DESC LIMIT 101)
       ) AS log ORDER BY at DESC, id DESC LIMIT 101`,
    );
    console.log('\nplan of the first page:\n' + plan.map((p) => p['QUERY PLAN']).join('\n'));
    console.log('\n| query | rows | median | max |\n|---|---|---|---|');
    for (const [label, t, rows] of results) console.log(`| ${label} | ${rows} | ${t.median.toFixed(1)} ms | ${t.max.toFixed(1)} ms |`);
  }),
);
