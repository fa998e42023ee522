import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { assignOpenCases } from '@/lib/assignment/service';
import { simulateRatings } from '@/lib/simulate/service';
import { describeStart, listenHost, prepareFirstStart } from '@/lib/seed/first-start';
import { importNoharm, makeUser } from '@/test/fixtures';
import { runPrimum } from '@/test/cli';

describe('first start: no default accounts on real data', () => {
  it('a DATABASE_URL database starts empty, listens normally and the start says how to create the first admin', async () => {
    const state = await prepareFirstStart({ embedded: false });
    expect(state).toEqual({ demoActive: false, needsFirstAdmin: true });
    expect(await getDb().user.count()).toBe(0);
    expect(await getDb().project.count()).toBe(0);
    expect(listenHost(undefined, state.demoActive)).toBeUndefined();
    expect(describeStart(state, undefined).join('\n')).toContain("npx primum user add --role admin --email you@hospital.org --name 'Your Name' --password-stdin");
  });

  it('the embedded database gets the demo on its first start only; demo logins keep the server on 127.0.0.1 unless HOST says otherwise', async () => {
    const first = await prepareFirstStart({ embedded: true });
    expect(first.seeded?.users.map((u) => u.email)).toContain('coordinator@demo.primum.test');
    expect(first.demoActive).toBe(true);
    expect(await getDb().user.count({ where: { isDemo: false } })).toBe(0);
    expect(await getDb().project.findMany({ select: { slug: true, isDemo: true } })).toEqual([{ slug: 'demo', isDemo: true }]);
    expect(listenHost(undefined, true)).toBe('127.0.0.1');
    expect(listenHost('0.0.0.0', true)).toBe('0.0.0.0');
    expect(describeStart(first, undefined).join('\n')).toMatch(/listens on 127\.0\.0\.1 only/);
    expect(describeStart(first, '0.0.0.0').join('\n')).toMatch(/HOST=0\.0\.0\.0 makes Primum reachable beyond this machine/);

    const users = await getDb().user.count();
    const second = await prepareFirstStart({ embedded: true });
    expect(second.seeded).toBeUndefined();
    expect(await getDb().user.count()).toBe(users);
    // PRIMUM_DEMO=0 never seeds; =1 does not seed twice.
    expect((await prepareFirstStart({ embedded: true, demo: true })).seeded).toBeUndefined();
  });

  it('demo physicians are never assigned cases of a real project, nor real physicians demo cases, also under simulation', async () => {
    const real = await makeUser('PHYSICIAN', ['Card']);
    await importNoharm('pilot', ['Card001', 'Derm001']);
    const pilot = await getDb().project.findUniqueOrThrow({ where: { slug: 'pilot' }, select: { id: true } });
    const demo = await getDb().project.findUniqueOrThrow({ where: { slug: 'demo' }, select: { id: true } });
    await getDb().$transaction((tx) => assignOpenCases(tx, demo.id));

    const holders = await getDb().assignment.findMany({ select: { user: { select: { id: true, isDemo: true } }, case: { select: { projectId: true } } } });
    expect(holders.filter((h) => h.case.projectId === pilot.id).map((h) => h.user.id)).toEqual([real.id]);
    expect(holders.filter((h) => h.case.projectId === demo.id).every((h) => h.user.isDemo)).toBe(true);

    // Demo physicians do not count as raters of the real project: simulation fills it with simulated ones.
    await simulateRatings({ projectId: pilot.id, seed: 1 });
    const pilotHolders = await getDb().assignment.findMany({ where: { case: { projectId: pilot.id } }, select: { user: { select: { isDemo: true, isSimulated: true } } } });
    expect(pilotHolders).toHaveLength(6);
    expect(pilotHolders.some((h) => h.user.isDemo)).toBe(false);
  });

  it('npx primum demo seeds only when absent, and --deactivate turns every demo login off (audited)', async () => {
    const again = await runPrimum(['demo']);
    expect(again).toMatchObject({ code: 0, stdout: 'the demo is already seeded (npx primum user list shows its logins)\n' });
    const off = await runPrimum(['demo', '--deactivate']);
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/^deactivated 7 demo login\(s\): card1@demo\.primum\.test, /);
    expect(await getDb().user.count({ where: { isDemo: true, isActive: true } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { action: 'user.deactivate' } })).toBe(7);
    const state = await prepareFirstStart({ embedded: true });
    expect(state.demoActive).toBe(false);
    expect(listenHost(undefined, state.demoActive)).toBeUndefined();
    expect((await runPrimum(['demo', 'now'])).code).toBe(2);
  });
});
