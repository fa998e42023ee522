import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { submitRating } from '@/lib/ratings/service';
import { exportRelease } from '@/lib/releases/export';
import { runPrimum } from '@/test/cli';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

const primum = (args: string[]) => runPrimum(args);

const SLUG = 'cli-release';
const folder = mkdtempSync(path.join(os.tmpdir(), 'primum-release-'));

describe('primum release, export and verify (real processes, real PostgreSQL)', () => {
  beforeAll(async () => {
    await makeUser('ADMIN');
    const raters = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card'])];
    await importNoharm(SLUG, ['Card001', 'Card002']);
    const options = await optionsOf('Card001', SLUG);
    for (const [r, rater] of raters.entries()) for (const [i, option] of options.entries()) await submitRating({ user: rater, optionId: option.id, score: ((i + r) % 3) + 4 });
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('release refuses a case that is not ready without an override (exit 1, what is missing named); locks nothing', async () => {
    const refused = await primum(['release', SLUG, '--cases', 'Card001,Card002']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^primum: Not ready: Card002 \(0 of 3 physicians submitted; \d+ options lack 3 ratings\)\. Deselect these cases or give an override reason\.\n$/);
    const usage = await primum(['release', SLUG, '--override', 'short']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--override: an override needs a written reason of at least 10 characters');
    expect(await getDb().release.count({ where: { project: { slug: SLUG } } })).toBe(0);
  });

  it('release --json locks v1; export writes the web download\'s bytes; verify passes; both name the release by id or project@vN', async () => {
    const locked = await primum(['release', SLUG, '--json']);
    expect(locked.stderr).toBe('');
    expect(locked.code).toBe(0);
    const result = JSON.parse(locked.stdout);
    expect(result).toMatchObject({ version: 1, cases: ['Card001'], added: ['Card001'], overridden: [] });
    expect(result.id).toMatch(/^[0-9a-f]{64}$/);

    const out = path.join(folder, 'v1.zip');
    const exported = await primum(['export', `${SLUG}@v1`, '--out', out]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`release id: ${result.id}`);
    const bytes = readFileSync(out);
    const release = await getDb().release.findFirstOrThrow({ where: { project: { slug: SLUG }, version: 1 } });
    const web = new Uint8Array(await new Response((await exportRelease(release.id)).stream).arrayBuffer());
    expect(Buffer.from(web).equals(bytes)).toBe(true);
    expect(createHash('sha256').update(unzipSync(bytes)[`${SLUG}-v1/MANIFEST.sha256`]).digest('hex')).toBe(result.id);

    const byId = path.join(folder, 'by-id.zip');
    expect((await primum(['export', result.id.slice(0, 16), '--out', byId])).code).toBe(0);
    expect(readFileSync(byId).equals(bytes)).toBe(true);
    // From another folder, as a researcher may type it (the export's worker is found in the project, not the working folder).
    const elsewhere = await runPrimum(['export', `${SLUG}@v1`, '--out', 'v1-elsewhere.zip'], { cwd: folder });
    expect(elsewhere).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(path.join(folder, 'v1-elsewhere.zip')).equals(bytes)).toBe(true);

    const verified = await primum(['verify', out]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`verified: release ${result.id}`);
  });

  it('export of a release that does not exist exits 2 and writes no file', async () => {
    const out = path.join(folder, 'none.zip');
    const run = await primum(['export', `${SLUG}@v9`, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`primum: No release 9 in project "${SLUG}".\n`);
    expect(() => readFileSync(out)).toThrow();
    expect(() => readFileSync(`${out}.partial`)).toThrow();
  });
  it('export refuses (exit 1, no file) when a locked rating was changed behind the triggers: it never prints the recorded id for other bytes', async () => {
    const [option] = await optionsOf('Card001', SLUG);
    const rating = await getDb().rating.findFirstOrThrow({ where: { optionId: option.id }, select: { id: true, score: true } });
    // Only the tables' owner can do this (the app's role cannot disable triggers): a deliberate change to locked data.
    const setScore = (score: number) => getDb().$transaction([
      getDb().$executeRawUnsafe('ALTER TABLE ratings DISABLE TRIGGER ratings_locked'),
      getDb().$executeRaw`UPDATE ratings SET score = ${score} WHERE id = ${rating.id}`,
      getDb().$executeRawUnsafe('ALTER TABLE ratings ENABLE TRIGGER ratings_locked'),
    ]);
    await setScore(rating.score === 9 ? 8 : rating.score + 1);
    try {
      const out = path.join(folder, 'changed.zip');
      const run = await primum(['export', `${SLUG}@v1`, '--out', out]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^primum: release [0-9a-f]{64} no longer exports to the bytes recorded at lock \(this archive's MANIFEST\.sha256 hashes to [0-9a-f]{64}\)/);
      expect(() => readFileSync(out)).toThrow();
      expect(() => readFileSync(`${out}.partial`)).toThrow();
    } finally {
      await setScore(rating.score);
    }
  });
});
