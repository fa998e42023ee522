import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { IMPORT_LIMITS } from '@/lib/import/limits';
import { importRubrics } from '@/lib/import/service';
import { uploadRubricForm } from '@/lib/import/upload';
import { resolveProject } from '@/lib/projects/service';
import { makeUser } from '@/test/fixtures';
import { noharmFile } from '@/test/noharm';

/** A real File that counts how often its contents are read, by any of the ways a Blob can be read. */
class CountedFile extends File {
  reads = 0;
  override arrayBuffer() {
    this.reads += 1;
    return super.arrayBuffer();
  }
  override text() {
    this.reads += 1;
    return super.text();
  }
  override stream() {
    this.reads += 1;
    return super.stream();
  }
  override bytes() {
    this.reads += 1;
    return super.bytes();
  }
}

function form(projectId: string, files: File[]): FormData {
  const data = new FormData();
  data.append('projectId', projectId);
  for (const file of files) data.append('files', file);
  // The form holds these very objects, so their read counters see every read.
  expect(data.getAll('files')).toEqual(files);
  files.forEach((file, i) => expect(data.getAll('files')[i]).toBe(file));
  return data;
}

const oversized = () => new CountedFile([new Uint8Array(IMPORT_LIMITS.fileBytes + 1).fill(0x20)], 'Huge.json', { type: 'application/json' });
const good = (id: string) => new CountedFile([noharmFile(id).content], `${id}.json`, { type: 'application/json' });

async function counts() {
  const db = getDb();
  return { cases: await db.case.count(), options: await db.option.count(), assignments: await db.assignment.count(), audit: await db.auditEvent.count(), projects: await db.project.count() };
}

describe('web upload of rubric files (real PostgreSQL)', () => {
  let member: SessionUser;
  let projectId: string;
  beforeAll(async () => {
    member = await makeUser('COORDINATOR');
    projectId = (await getDb().$transaction((tx) => resolveProject({ slug: 'uploads', actorId: member.id, db: tx }))).id;
  });

  it('[COORDINATOR of another project] is refused as not found before any file is read, even an oversized one', async () => {
    const outsider = await makeUser('COORDINATOR');
    const files = [oversized(), good('Card001')];
    const before = await counts();
    await expect(uploadRubricForm(outsider, form(projectId, files))).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No such project.' });
    expect(files.map((f) => f.reads)).toEqual([0, 0]);
    expect(await counts()).toEqual(before);
  });

  it('[PHYSICIAN] and [ADJUDICATOR] are refused by role before any file is read', async () => {
    for (const role of ['PHYSICIAN', 'ADJUDICATOR'] as const) {
      const user = await makeUser(role, ['Card']);
      const files = [oversized()];
      await expect(uploadRubricForm(user, form(projectId, files))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(files[0].reads).toBe(0);
    }
  });

  it('[COORDINATOR member] an oversized file is refused by its size alone, naming it, without reading any file', async () => {
    const files = [good('Card001'), oversized()];
    const before = await counts();
    const { state } = await uploadRubricForm(member, form(projectId, files));
    expect(state.ok).toBe(false);
    expect(state.data).toEqual([{ file: 'Huge.json', path: '$', message: 'Huge.json: $: the file is 2.0 MB; a rubric file may be at most 2 MB' }]);
    expect(files.map((f) => f.reads)).toEqual([0, 0]);
    expect(await counts()).toEqual(before);
  });

  it('[COORDINATOR member] a .txt and a JSON with a NUL are both named; nothing is imported; good files then import', async () => {
    const txt = new CountedFile(['some notes'], 'notes.txt', { type: 'text/plain' });
    const nul = new CountedFile([JSON.stringify({ ...JSON.parse(noharmFile('Derm001').content), note: 'a\u0000b' })], 'Derm001.json');
    const before = await counts();
    const { state } = await uploadRubricForm(member, form(projectId, [good('Card001'), txt, nul]));
    expect(state).toMatchObject({ ok: false, message: 'Nothing was imported: 2 problem(s) found.' });
    expect(state.data?.map((p) => p.message)).toEqual([
      'notes.txt: $: a .txt file, not a rubric; expected a NOHARM rubric .json file (one per case)',
      'Derm001.json: $.note: the text contains a NUL character (\\u0000) at character 2; a rubric holds plain text',
    ]);
    expect(await counts()).toEqual(before);

    const accepted = good('Card001');
    const { state: ok, slug } = await uploadRubricForm(member, form(projectId, [accepted]));
    expect(ok.ok).toBe(true);
    // The counter does see reads: the accepted file was read once.
    expect(accepted.reads).toBe(1);
    expect(slug).toBe('uploads');
    expect(await getDb().case.findMany({ where: { projectId }, select: { externalId: true } })).toEqual([{ externalId: 'Card001' }]);
  });
});

describe('property: importRubrics with any bad file writes nothing (real PostgreSQL)', () => {
  const base = JSON.parse(noharmFile('Derm001').content);
  const strings = (json: any) => [json.case.presentation, json.case.recommendations, ...json.options.map((o: any) => o.text)];
  const badFile = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ name: 'bytes.json', content: bytes })),
    fc.jsonValue({ maxDepth: 4 }).map((value) => ({ name: 'value.json', content: JSON.stringify(value) ?? 'undefined' })),
    fc.tuple(fc.nat(), fc.constantFrom('\u0000', '\ud800', '\udfff')).map(([at, bad]) => {
      const json = structuredClone(base);
      const target = strings(json)[at % strings(json).length];
      return { name: 'Derm001.json', content: JSON.stringify(json).replace(JSON.stringify(target), JSON.stringify(`${target}${bad}`)) };
    }),
    fc.integer({ min: IMPORT_LIMITS.depth, max: IMPORT_LIMITS.depth + 50 }).map((depth) => ({ name: 'Derm001.json', content: JSON.stringify({ ...base, extra: JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) }) })),
    fc.string({ maxLength: 40 }).map((text) => ({ name: 'notes.txt', content: new TextEncoder().encode(text) })),
  );

  it('30 seeded runs: refused with every problem named, row counts unchanged', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { id } = await getDb().$transaction((tx) => resolveProject({ slug: 'fuzz-import', actorId: coordinator.id, db: tx }));
    await fc.assert(
      fc.asyncProperty(fc.array(badFile, { minLength: 1, maxLength: 3 }), fc.boolean(), async (bad, withGood) => {
        const before = await counts();
        const files = withGood ? [noharmFile('Pulm005'), ...bad] : bad;
        const refused = await importRubrics({ actorId: coordinator.id, project: { id }, files }).then(
          () => null,
          (error) => error,
        );
        expect(refused).toMatchObject({ code: 'INVALID_INPUT' });
        const problems = refused.details as Array<{ file: string; path: string; message: string }>;
        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) {
          expect(files.map((f) => f.name)).toContain(p.file);
          expect(p.path).toMatch(/^\$/);
          expect(p.message.trim()).not.toBe('');
        }
        expect(await counts()).toEqual(before);
      }),
      { seed: 20261130, numRuns: 30 },
    );
  });
});
