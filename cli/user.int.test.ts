import { describe, expect, inject, it } from 'vitest';
import { getDb } from '@/lib/db';
import { authenticate } from '@/lib/auth/users';
import { runPrimum } from '@/test/cli';
import { createDatabase, dropDatabase, uniqueName } from '@/test/database';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';
import { submitRating } from '@/lib/ratings/save';

const auditOf = (email: string, action: string) =>
  getDb().auditEvent.findMany({ where: { action, entityType: 'user', data: { path: ['email'], equals: email } }, select: { data: true, actorId: true } });

describe('primum user (real process, real PostgreSQL)', () => {
  it('list says there is nobody yet, then shows added users as a table and as JSON, never a password hash', async () => {
    const empty = await runPrimum(['user', 'list']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('no users yet (add one: npx primum user add --help)\n');
    expect((await runPrimum(['user', 'list', '--json'])).stdout).toBe('[]\n');

    const physician = await runPrimum(['user', 'add', '--email', 'list.doc@x.org', '--name', 'Dr List', '--role', 'physician', '--specialty', 'Pulm', '--specialty', 'Card', '--password-stdin'], { stdin: 'a-long-enough-password\n' });
    expect(physician.code).toBe(0);
    expect((await runPrimum(['user', 'add', '--email', 'boss@x.org', '--name', 'Boss', '--role', 'admin', '--password-stdin'], { stdin: 'another-long-password\n' })).code).toBe(0);

    const shown = await runPrimum(['user', 'list']);
    expect(shown.code).toBe(0);
    const lines = shown.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^EMAIL +NAME +ROLE +SPECIALTIES +STATUS$/);
    expect(lines.slice(1).map((line) => line.split(/ {2,}/))).toEqual([
      ['boss@x.org', 'Boss', 'admin', '-', 'active'],
      ['list.doc@x.org', 'Dr List', 'physician', 'Card,Pulm', 'active'],
    ]);
    const json = await runPrimum(['user', 'list', '--json']);
    expect(json.stdout).not.toMatch(/argon2|password/i);
    expect(JSON.parse(json.stdout)).toEqual([
      { email: 'boss@x.org', name: 'Boss', role: 'ADMIN', specialties: [], isActive: true, isDemo: false, isSimulated: false, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      { email: 'list.doc@x.org', name: 'Dr List', role: 'PHYSICIAN', specialties: ['Card', 'Pulm'], isActive: true, isDemo: false, isSimulated: false, createdAt: expect.any(String) },
    ]);
  });

  it('deactivate stops sign-in with the right password and activate restores it; each change is audited once', async () => {
    expect(await authenticate('list.doc@x.org', 'a-long-enough-password')).not.toBeNull();

    const off = await runPrimum(['user', 'deactivate', 'List.Doc@X.org']);
    expect(off).toMatchObject({ code: 0, stdout: 'list.doc@x.org: deactivated\n', stderr: '' });
    expect(await authenticate('list.doc@x.org', 'a-long-enough-password')).toBeNull();
    expect((await getDb().user.findUniqueOrThrow({ where: { email: 'list.doc@x.org' } })).isActive).toBe(false);
    expect((await runPrimum(['user', 'list'])).stdout).toMatch(/list\.doc@x\.org .* inactive\n/);

    const again = await runPrimum(['user', 'deactivate', 'list.doc@x.org']);
    expect(again.stdout).toBe('list.doc@x.org: already inactive\n');
    const deactivations = await auditOf('list.doc@x.org', 'user.deactivate');
    expect(deactivations).toEqual([{ actorId: null, data: { email: 'list.doc@x.org', old: { isActive: true }, new: { isActive: false } } }]);

    const on = await runPrimum(['user', 'activate', 'list.doc@x.org']);
    expect(on.stdout).toBe('list.doc@x.org: activated\n');
    expect(await authenticate('list.doc@x.org', 'a-long-enough-password')).not.toBeNull();
    expect(await auditOf('list.doc@x.org', 'user.activate')).toEqual([{ actorId: null, data: { email: 'list.doc@x.org', old: { isActive: false }, new: { isActive: true } } }]);
  });

  it('add gives a new physician waiting cases of their specialties in every project, whatever --project names (the shared assignment loop, no actor)', async () => {
    // Nobody here rates Endo: both cases wait.
    await importNoharm('cli-endo-a', ['Endo002']);
    await importNoharm('cli-endo-b', ['Endo007']);
    const added = await runPrimum(['user', 'add', '--email', 'endo@x.org', '--name', 'Dr Endo', '--role', 'physician', '--specialty', 'Endo', '--project', 'cli-endo-a', '--password-stdin'], { stdin: 'a-long-enough-password\n' });
    expect(added).toMatchObject({ code: 0, stdout: 'created endo@x.org\n' });
    const user = await getDb().user.findUniqueOrThrow({ where: { email: 'endo@x.org' }, select: { id: true, assignments: { select: { case: { select: { externalId: true } } } } } });
    expect(user.assignments.map((a) => a.case.externalId).sort()).toEqual(['Endo002', 'Endo007']);
    const projects = await getDb().project.findMany({ where: { slug: { in: ['cli-endo-a', 'cli-endo-b'] } }, select: { id: true } });
    expect(await getDb().auditEvent.findMany({ where: { action: 'assignments.create', entityId: { in: projects.map((p) => p.id) } }, select: { actorId: true } })).toEqual([{ actorId: null }, { actorId: null }]);
  });

  it('deactivate gives open assignments back to the pool (re-assigned, partial scores withdrawn, completed kept) and says so; the last admin stays', async () => {
    const raters = [await makeUser('PHYSICIAN', ['Pulm']), await makeUser('PHYSICIAN', ['Pulm']), await makeUser('PHYSICIAN', ['Pulm'])];
    // Exactly three Pulm physicians take the two cases (Dr List, also Pulm, would make the pick a draw).
    expect((await runPrimum(['user', 'deactivate', 'list.doc@x.org'])).code).toBe(0);
    await importNoharm('cli-deactivate', ['Pulm001', 'Pulm005']);
    const spare = await makeUser('PHYSICIAN', ['Pulm']);
    const [pulm001, pulm005] = [await optionsOf('Pulm001', 'cli-deactivate'), await optionsOf('Pulm005', 'cli-deactivate')];
    for (const option of pulm001) await submitRating({ user: raters[0], optionId: option.id, score: 7 });
    await submitRating({ user: raters[0], optionId: pulm005[0].id, score: 3 });

    const off = await runPrimum(['user', 'deactivate', raters[0].email]);
    expect(off).toMatchObject({ code: 0, stdout: `${raters[0].email}: deactivated; 1 open assignment withdrawn, 1 re-assigned\n`, stderr: '' });
    const states = await getDb().assignment.findMany({ where: { userId: { in: [raters[0].id, spare.id] } }, select: { userId: true, status: true, declineReason: true, case: { select: { externalId: true } } }, orderBy: [{ userId: 'asc' }, { case: { externalId: 'asc' } }] });
    expect(states.filter((a) => a.userId === raters[0].id).map((a) => [a.case.externalId, a.status, a.declineReason])).toEqual([['Pulm001', 'COMPLETED', null], ['Pulm005', 'DECLINED', 'DEACTIVATED']]);
    expect(states.filter((a) => a.userId === spare.id).map((a) => [a.case.externalId, a.status])).toEqual([['Pulm005', 'ASSIGNED']]);
    expect(await getDb().rating.count({ where: { userId: raters[0].id } })).toBe(pulm001.length);

    const on = await runPrimum(['user', 'activate', raters[0].email]);
    expect(on.stdout).toBe(`${raters[0].email}: activated\n`);
    const lastAdmin = await runPrimum(['user', 'deactivate', 'boss@x.org']);
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.stderr.split('\n')[0]).toBe('primum: This is the last active admin: make someone else an admin first.');
    expect((await getDb().user.findUniqueOrThrow({ where: { email: 'boss@x.org' } })).isActive).toBe(true);
  });

  it('set-password reads the new password from stdin, refuses a short one, and audits without the password', async () => {
    const short = await runPrimum(['user', 'set-password', 'boss@x.org', '--password-stdin'], { stdin: 'short\n' });
    expect(short.code).toBe(2);
    expect(short.stderr.split('\n')[0]).toBe('primum: password: expected at least 10 characters');
    expect(await authenticate('boss@x.org', 'another-long-password')).not.toBeNull();

    const set = await runPrimum(['user', 'set-password', 'boss@x.org', '--password-stdin'], { stdin: 'a-brand-new-password\n' });
    expect(set).toMatchObject({ code: 0, stdout: 'boss@x.org: password set\n' });
    expect(await authenticate('boss@x.org', 'another-long-password')).toBeNull();
    expect(await authenticate('boss@x.org', 'a-brand-new-password')).not.toBeNull();
    const audited = await auditOf('boss@x.org', 'user.password.set');
    expect(audited).toEqual([{ actorId: null, data: { email: 'boss@x.org' } }]);
    expect(JSON.stringify(await getDb().auditEvent.findMany({ select: { data: true } }))).not.toContain('a-brand-new-password');
  });

  it('bad usage exits 2 with the reason on the first line of stderr and changes nothing', async () => {
    const before = await getDb().auditEvent.count();
    const cases: Array<[string[], RegExp]> = [
      [['user'], /^primum: usage: npx primum user <add\|list\|deactivate\|activate\|set-password>/],
      [['user', 'frobnicate'], /^primum: unknown user action "frobnicate"/],
      [['user', 'deactivate'], /^primum: usage: npx primum user deactivate <email>/],
      [['user', 'activate', 'a@x.org', 'b@x.org'], /^primum: usage: npx primum user activate <email>/],
      [['user', 'deactivate', 'nobody@x.org'], /^primum: no user with email nobody@x\.org\n$/],
      [['user', 'set-password', 'boss@x.org'], /^primum: --password-stdin is required/],
      [['user', 'list', '--email', 'x@y.org'], /^primum: user list does not take --email/],
      [['user', 'list', 'everyone'], /^primum: usage: npx primum user list/],
      [['user', 'deactivate', '--bogus'], /^primum: Unknown option '--bogus'/],
    ];
    for (const [args, reason] of cases) {
      const run = await runPrimum(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr, args.join(' ')).toMatch(reason);
    }
    expect(await getDb().auditEvent.count()).toBe(before);
  });

  it('a database without the latest migrations is refused in one step, telling to run npx primum migrate', async () => {
    const adminUrl = inject('adminUrl');
    const name = uniqueName('primum_unmigrated');
    const url = await createDatabase(adminUrl, name);
    try {
      const run = await runPrimum(['user', 'list'], { env: { DATABASE_URL: url } });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^primum: the database schema is not current \(\d+ migrations are not applied\): run npx primum migrate/);
      // Nothing was migrated behind the user's back; `primum migrate` is what does it.
      expect((await runPrimum(['user', 'list'], { env: { DATABASE_URL: url } })).code).toBe(2);
      expect((await runPrimum(['migrate'], { env: { DATABASE_URL: url } })).stdout).toBe('migrations: up to date\n');
      expect(await runPrimum(['user', 'list'], { env: { DATABASE_URL: url } })).toMatchObject({ code: 0, stderr: '' });
    } finally {
      await dropDatabase(adminUrl, name);
    }
  });
});
