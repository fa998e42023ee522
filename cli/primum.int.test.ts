import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { onRatingChange, stopRatingEvents } from '@/lib/live/rating-events';
import { NOHARM_RUBRICS_DIR, noharmFile } from '@/test/noharm';
import { runPrimum } from '@/test/cli';

const primum = (args: string[], env: Record<string, string> = {}) => runPrimum(args, { env });

const rubric = (id: string) => path.join(NOHARM_RUBRICS_DIR, `${id}.json`);
const optionsIn = (...ids: string[]) => ids.reduce((n, id) => n + JSON.parse(noharmFile(id).content).options.length, 0);

describe('primum CLI (real process, real PostgreSQL)', () => {
  it('import --json prints exactly the documented object, then reports re-imports as skipped', async () => {
    const first = await primum(['import', rubric('Card001'), rubric('Derm001'), '--project', 'cli-a', '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ imported: { cases: 2, options: optionsIn('Card001', 'Derm001') }, skipped: [], errors: [] });

    const again = await primum(['import', rubric('Card001'), rubric('Pulm005'), '--project', 'cli-a', '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ imported: { cases: 1, options: optionsIn('Pulm005') }, skipped: ['Card001'], errors: [] });
    expect(await getDb().case.count({ where: { project: { slug: 'cli-a' } } })).toBe(3);
  });

  it('a folder with one bad file exits 2, lists the problem, and writes nothing', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'primum-cli-'));
    writeFileSync(path.join(folder, 'GI004.json'), noharmFile('GI004').content);
    const bad = JSON.parse(noharmFile('GI007').content);
    delete bad.options[4].text;
    writeFileSync(path.join(folder, 'GI007.json'), JSON.stringify(bad));
    const before = await getDb().case.count();

    const run = await primum(['import', folder, '--project', 'cli-b', '--json']);
    rmSync(folder, { recursive: true, force: true });
    expect(run.code).toBe(2);
    const printed = JSON.parse(run.stdout);
    expect(printed.imported).toEqual({ cases: 0, options: 0 });
    expect(printed.errors).toEqual([{ file: 'GI007.json', path: '$.options[4].text', message: expect.stringContaining('expected string') }]);
    expect(run.stderr).toMatch(/^primum: nothing was imported: GI007\.json: \$\.options\[4\]\.text: .*expected string.*\n$/);
    expect(await getDb().case.count()).toBe(before);
    expect(await getDb().project.findUnique({ where: { slug: 'cli-b' } })).toBeNull();
  });

  it('bad usage exits 2 with a one-line reason and nothing on stdout', async () => {
    for (const args of [['import', '--bogus', 'x'], ['import'], ['import', '/no/such/file.json'], ['simulate'], ['simulate', 'cli-a', '--seed', 'abc'], ['simulate', 'cli-a', '--seed', ''], ['simulate', 'no-such-project'], ['nonsense']]) {
      const run = await primum(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(/^primum: /);
    }
  });

  it('an invalid DATABASE_URL gives one clear message, not a stack trace', async () => {
    const run = await primum(['migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim()).toBe('primum: invalid configuration: DATABASE_URL must start with postgresql:// or postgres://');
  });

  it('every command has --help', async () => {
    for (const command of ['serve', 'migrate', 'import', 'simulate', 'user', 'demo', 'agreement']) {
      const run = await primum([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toMatch(/^Usage: npx primum /);
    }
  });

  it('migrate reports up to date; simulate fills open assignments, and its writes reach live listeners in this process', async () => {
    expect((await primum(['migrate'])).stdout).toBe('migrations: up to date\n');
    const heard: string[] = [];
    await onRatingChange((projectId) => heard.push(projectId));
    const run = await primum(['simulate', 'cli-a', '--seed', '2']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ratings written: ');
    const written = Number(/ratings written: (\d+)/.exec(run.stdout)![1]);
    expect(written).toBe(optionsIn('Card001', 'Derm001', 'Pulm005') * 3);
    expect(await getDb().rating.count({ where: { option: { case: { project: { slug: 'cli-a' } } } } })).toBe(written);
    // Another process wrote the ratings: PostgreSQL NOTIFY is what carries them to this one.
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: 'cli-a' } })).id;
    await expect.poll(() => heard.includes(projectId)).toBe(true);
    await stopRatingEvents();
  });

  it('user add creates a physician from a password on stdin, and refuses a short one', async () => {
    const add = (email: string, password: string) =>
      runPrimum(['user', 'add', '--email', email, '--name', 'Dr Stdin', '--role', 'physician', '--specialty', 'Card', '--specialty', 'Pulm', '--password-stdin'], { stdin: `${password}\n` });
    const refused = await add('short@x.org', 'short');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('password: expected at least 10 characters');
    expect(await getDb().user.findUnique({ where: { email: 'short@x.org' } })).toBeNull();

    const created = await add('Dr.Stdin@X.org', 'a-long-enough-password');
    expect(created.code).toBe(0);
    const user = await getDb().user.findUniqueOrThrow({ where: { email: 'dr.stdin@x.org' }, select: { role: true, specialties: { select: { specialty: { select: { code: true } } } } } });
    expect(user.role).toBe('PHYSICIAN');
    expect(user.specialties.map((s) => s.specialty.code).sort()).toEqual(['Card', 'Pulm']);
  });
});
