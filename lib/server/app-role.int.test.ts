import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { recordAudit } from '@/lib/audit';
import { listProjectAuditLog } from '@/lib/audit-log/service';
import { disconnectDb, getDb } from '@/lib/db';
import { addProjectMember } from '@/lib/projects/membership';
import { updateProjectSettings } from '@/lib/projects/settings';
import { saveRating, submitRating } from '@/lib/ratings/save';
import { appRoleWarning, inspectAppRole } from '@/lib/server/app-role';
import { createAppRole, sqlState } from '@/test/database';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

type Option = Awaited<ReturnType<typeof optionsOf>>[number];

describe('the app\'s database role (real PostgreSQL, connected as the app role)', () => {
  let ownerUrl: string;
  let app: Awaited<ReturnType<typeof createAppRole>>;
  let owner: pg.Client;
  let asApp: pg.Client;
  let raters: SessionUser[];
  let coordinator: SessionUser;
  let projectId: string;
  let open: Option[];
  let locked: Option[];

  const count = async (table: string) => Number((await owner.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  const counts = async (tables: string[]) => {
    const result: number[] = [];
    for (const table of tables) result.push(await count(table));
    return result;
  };
  const latestHistory = async (optionId: string) =>
    (await owner.query('SELECT old_score, new_score, changed_by FROM rating_history WHERE option_id = $1 ORDER BY id DESC LIMIT 1', [optionId])).rows[0];

  beforeAll(async () => {
    ownerUrl = process.env.DATABASE_URL!;
    // Set up as the owner (the test server's superuser): users, cases, a rating, a locked case.
    raters = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card'])];
    coordinator = await makeUser('COORDINATOR');
    await importNoharm('app-role', ['Card001', 'Card002'], coordinator.id);
    projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: 'app-role' } })).id;
    await getDb().$transaction((tx) => addProjectMember(tx, { projectId, userId: coordinator.id, actorId: null }));
    open = await optionsOf('Card001', 'app-role');
    locked = await optionsOf('Card002', 'app-role');
    await submitRating({ user: raters[0], optionId: locked[0].id, score: 3 });
    await getDb().$executeRaw`UPDATE cases SET locked_at = CURRENT_TIMESTAMP WHERE id = ${locked[0].caseId}`;
    await disconnectDb();

    app = await createAppRole(inject('adminUrl'), ownerUrl);
    owner = new pg.Client({ connectionString: ownerUrl });
    asApp = new pg.Client({ connectionString: app.url });
    await owner.connect();
    await asApp.connect();
    // From here on the app's code (getDb) runs as the app role too.
    process.env.DATABASE_URL = app.url;
  });

  afterAll(async () => {
    await disconnectDb();
    await asApp?.end();
    await owner?.end();
    process.env.DATABASE_URL = ownerUrl;
    await app?.drop();
  });

  it('is neither a superuser nor an owner; the start warns about a role that is', async () => {
    const state = await inspectAppRole(app.url);
    expect(state).toEqual({ role: app.role, superuser: false, ownsTables: false });
    expect(appRoleWarning(state)).toBeUndefined();
    const ownerState = await inspectAppRole(ownerUrl);
    expect(ownerState.superuser).toBe(true);
    expect(appRoleWarning(ownerState)).toMatch(/^Warning: the app's database role "[^"]+" is a superuser, .* MIGRATION_DATABASE_URL/);
    expect(appRoleWarning({ role: 'owner', superuser: false, ownsTables: true })).toMatch(/"owner" owns the tables/);
    expect((await getDb().$queryRaw<Array<{ role: string }>>`SELECT current_user::text AS role`)[0].role).toBe(app.role);
  });

  it('[APP ROLE] cannot alter or drop tables, disable triggers, or write, change or delete the history', async () => {
    const before = await counts(['rating_history', 'audit_events', 'rating_saves', 'ratings']);
    const refused = [
      'ALTER TABLE ratings ADD COLUMN forged integer',
      'ALTER TABLE ratings DISABLE TRIGGER ratings_locked',
      'ALTER TABLE ratings DISABLE TRIGGER ALL',
      'ALTER TABLE rating_history DISABLE TRIGGER rating_history_append_only',
      'DROP TRIGGER ratings_history ON ratings',
      'DROP TABLE rating_history',
      'DROP TABLE audit_events CASCADE',
      'ALTER FUNCTION primum_record_audit(text, text, text, text, jsonb) SECURITY INVOKER',
      "SET session_replication_role = 'replica'",
      `INSERT INTO rating_history (rating_id, option_id, user_id, old_score, new_score, changed_by) VALUES ('forged', '${open[0].id}', '${raters[0].id}', NULL, 9, '${raters[0].id}')`,
      'UPDATE rating_history SET changed_by = NULL',
      'DELETE FROM rating_history',
      'TRUNCATE rating_history',
      `INSERT INTO audit_events (actor_id, action, entity_type, entity_id) VALUES ('${coordinator.id}', 'forged', 'project', '${projectId}')`,
      'UPDATE audit_events SET actor_id = NULL',
      'DELETE FROM audit_events',
      'TRUNCATE audit_events',
      // A simple view is insertable and would write as its owner: the app may only read it.
      `INSERT INTO audit_log_events (actor_id, action, entity_type, entity_id) VALUES ('${coordinator.id}', 'forged', 'project', '${projectId}')`,
      `INSERT INTO rating_saves (client_id, option_id, user_id, score, given_at, applied) VALUES ('${randomUUID()}', '${open[0].id}', '${raters[0].id}', 9, now(), true)`,
      'DELETE FROM rating_saves',
      "SELECT nextval('audit_events_id_seq')",
    ];
    const states = [];
    for (const sql of refused) states.push([sql, await sqlState(asApp, sql)]);
    expect(states).toEqual(refused.map((sql) => [sql, '42501'])); // insufficient_privilege / must be owner
    expect(await counts(['rating_history', 'audit_events', 'rating_saves', 'ratings'])).toEqual(before);
  });

  it('[APP ROLE] cannot change a rating of a locked case, by SQL or through the save function', async () => {
    const option = locked[0].id;
    expect(await sqlState(asApp, 'UPDATE ratings SET score = 9 WHERE option_id = $1', [option])).toBe('P0423');
    expect(await sqlState(asApp, 'DELETE FROM ratings WHERE option_id = $1', [option])).toBe('P0423');
    expect(await sqlState(asApp, 'UPDATE cases SET locked_at = NULL WHERE id = $1', [locked[0].caseId])).toBe('P0423');
    await expect(submitRating({ user: raters[0], optionId: option, score: 9 })).rejects.toMatchObject({ code: 'LOCKED' });
    expect((await owner.query('SELECT score FROM ratings WHERE option_id = $1', [option])).rows).toEqual([{ score: 3 }]);
  });

  it('[APP ROLE] saves ratings through the save functions, records audit events and reads the audit log', async () => {
    const saves = await count('rating_saves');
    await expect(submitRating({ user: raters[0], optionId: open[0].id, score: 5 })).resolves.toMatchObject({ score: 5 });
    const { sessionVersion } = await getDb().user.findUniqueOrThrow({ where: { id: raters[1].id }, select: { sessionVersion: true } });
    await expect(saveRating({ userId: raters[1].id, sessionVersion, clientId: randomUUID(), optionId: open[0].id, score: 6, givenAt: Date.now(), activeMs: 1200 })).resolves.toMatchObject({ outcome: 'applied', score: 6 });
    expect(await count('rating_saves')).toBe(saves + 2);
    expect(await latestHistory(open[0].id)).toEqual({ old_score: null, new_score: 6, changed_by: raters[1].id });

    const events = await count('audit_events');
    await getDb().$transaction((tx) => recordAudit(tx, { actorId: null, action: 'test.app-role', entityType: 'project', entityId: projectId, data: { note: 'ünïcode "quoted"', nested: { n: [1, null] } } }));
    await updateProjectSettings({ actorId: coordinator.id, projectId, patch: { stalledAfterDays: 4 } });
    expect(await count('audit_events')).toBe(events + 2);
    expect(await getDb().auditEvent.findFirstOrThrow({ where: { action: 'test.app-role' }, select: { actorId: true, data: true } }))
      .toEqual({ actorId: null, data: { note: 'ünïcode "quoted"', nested: { n: [1, null] } } });

    const page = await listProjectAuditLog({ user: coordinator, projectId, filter: {} });
    expect(page.rows.find((row) => row.action === 'project.settings')).toMatchObject({ actorId: coordinator.id, new: { stalledAfterDays: 4 } });
    expect(page.rows.filter((row) => row.entityType === 'rating' && row.new === 6).map((row) => row.actorId)).toEqual([raters[1].id]);
  });

  it('[APP ROLE] a rating changed with no actor named is recorded with changed_by NULL, never as its physician', async () => {
    await submitRating({ user: raters[0], optionId: open[1].id, score: 2 });
    expect(await sqlState(asApp, 'UPDATE ratings SET score = 8 WHERE option_id = $1 AND user_id = $2', [open[1].id, raters[0].id])).toBe('ok');
    expect(await latestHistory(open[1].id)).toEqual({ old_score: 2, new_score: 8, changed_by: null });
    expect(await sqlState(asApp, 'DELETE FROM ratings WHERE option_id = $1 AND user_id = $2', [open[1].id, raters[0].id])).toBe('ok');
    expect(await latestHistory(open[1].id)).toEqual({ old_score: 8, new_score: null, changed_by: null });
  });

  it('history writers run as their owner with search_path pinned, and PUBLIC cannot call them', async () => {
    const { rows } = await owner.query<{ name: string; definer: boolean; config: string[] | null; acl: string[] | null }>(
      `SELECT proname AS name, prosecdef AS definer, proconfig AS config, proacl::text[] AS acl FROM pg_proc
        WHERE proname IN ('primum_record_audit', 'primum_record_rating_history', 'primum_save_rating', 'primum_count_ratings', 'primum_recount_moved_option') ORDER BY proname`,
    );
    expect(rows.map((row) => [row.name, row.definer, row.config, row.acl?.some((entry) => entry.startsWith('=')) ?? true])).toEqual([
      ['primum_count_ratings', true, ['search_path=public, pg_temp'], false],
      ['primum_record_audit', true, ['search_path=public, pg_temp'], false],
      ['primum_record_rating_history', true, ['search_path=public, pg_temp'], false],
      ['primum_recount_moved_option', true, ['search_path=public, pg_temp'], false],
      ['primum_save_rating', true, ['search_path=public, pg_temp'], false],
    ]);
  });

  it('the app cannot create temporary objects; given them, it could still neither shadow tables nor set a rated count', async () => {
    expect(await sqlState(asApp, 'CREATE TEMP TABLE scratch (x integer)')).toBe('42501');
    const database = (await owner.query<{ name: string }>('SELECT current_database() AS name')).rows[0].name;
    await owner.query(`GRANT TEMPORARY ON DATABASE "${database}" TO "${app.role}"`);
    try {
      // A temporary table of the same name does not capture the app's audit events.
      await asApp.query('CREATE TEMP TABLE audit_events (LIKE public.audit_events INCLUDING DEFAULTS)');
      const events = await count('public.audit_events');
      await asApp.query("SELECT primum_record_audit(NULL, 'test.shadow', 'project', $1, '{}')", [projectId]);
      expect(await count('public.audit_events')).toBe(events + 1);
      expect((await asApp.query('SELECT count(*)::int AS n FROM pg_temp.audit_events')).rows).toEqual([{ n: 0 }]);

      // A temporary "ratings" full of made-up rows does not count for a new assignment.
      const newcomer = await makeUser('PHYSICIAN', ['Card']);
      await asApp.query('CREATE TEMP TABLE ratings (option_id text, user_id text)');
      await asApp.query('INSERT INTO pg_temp.ratings SELECT o.id, $1 FROM public.options o WHERE o.case_id = $2', [newcomer.id, open[0].caseId]);
      const { rows: [assigned] } = await asApp.query<{ id: string; rated_count: number }>(
        'INSERT INTO public.assignments (id, case_id, user_id, rated_count) VALUES (gen_random_uuid()::text, $1, $2, 40) RETURNING id, rated_count',
        [open[0].caseId, newcomer.id],
      );
      expect(assigned.rated_count).toBe(0);

      // An UPDATE of the count from a trigger of the app's own (nested, but not the owner's) is refused.
      await asApp.query('CREATE TEMP TABLE poke (x integer)');
      await asApp.query(`CREATE FUNCTION pg_temp.poke() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN UPDATE public.assignments SET rated_count = 40 WHERE id = '${assigned.id}'; RETURN NULL; END $$`);
      await asApp.query('CREATE TRIGGER poke AFTER INSERT ON pg_temp.poke FOR EACH ROW EXECUTE FUNCTION pg_temp.poke()');
      expect(await sqlState(asApp, 'INSERT INTO pg_temp.poke VALUES (1)')).toBe('P0403');
      expect((await owner.query('SELECT rated_count FROM assignments WHERE id = $1', [assigned.id])).rows).toEqual([{ rated_count: 0 }]);
    } finally {
      await asApp.query('DISCARD TEMP');
      await owner.query(`REVOKE TEMPORARY ON DATABASE "${database}" FROM "${app.role}"`);
    }
  });
});
