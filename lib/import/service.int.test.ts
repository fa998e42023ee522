import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { importRubrics } from '@/lib/import/service';
import { toRubric } from '@/lib/rubric/format';
import { makeUser } from '@/test/fixtures';
import { noharmFile } from '@/test/noharm';

describe('importRubrics (real PostgreSQL)', () => {
  beforeAll(async () => {
    for (let i = 0; i < 3; i += 1) await makeUser('PHYSICIAN', ['Card']);
    for (let i = 0; i < 2; i += 1) await makeUser('PHYSICIAN', ['Derm']);
  });

  it('[COORDINATOR] imports real NOHARM cases, keeps every field, and assigns three physicians', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const files = ['Card001', 'Card002', 'Derm001'].map(noharmFile);
    const result = await importRubrics({ actorId: coordinator.id, project: { slug: 'study-a' }, files });
    const expectedOptions = files.reduce((n, f) => n + JSON.parse(f.content).options.length, 0);
    expect(result.imported).toEqual({ cases: 3, options: expectedOptions });
    expect(result.project).toEqual({ slug: 'study-a', created: true });
    // Derm has only two physicians: the case waits, visibly.
    expect(result.waiting).toEqual([{ externalId: 'Derm001', have: 2, need: 3 }]);
    expect(result.assigned).toBe(3 + 3 + 2);

    const stored = await getDb().case.findFirstOrThrow({
      where: { externalId: 'Card001', project: { slug: 'study-a' } },
      select: { externalId: true, presentation: true, recommendations: true, rubric: true, options: true, _count: { select: { assignments: true } } },
    });
    expect(stored._count.assignments).toBe(3);
    const rebuilt = toRubric({ ...stored, rubric: stored.rubric as never, options: stored.options.map((o) => ({ ...o, extra: o.extra as Record<string, unknown> })) }, (o) => o.referenceScore);
    // Exactly, key order included (json columns keep the source order).
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(JSON.parse(noharmFile('Card001').content)));
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: 'cases.import', actorId: coordinator.id } });
    expect(audit.data).toMatchObject({ cases: ['Card001', 'Card002', 'Derm001'] });
  });

  it('reports a re-imported case as already present and changes nothing in it', async () => {
    const changed = JSON.parse(noharmFile('Card001').content);
    changed.options[0].text = 'A silently different text';
    changed.options[0].score = 9;
    const before = await getDb().option.findMany({ where: { case: { externalId: 'Card001', project: { slug: 'study-a' } } }, orderBy: { position: 'asc' } });
    const result = await importRubrics({ actorId: null, project: { slug: 'study-a' }, files: [{ name: 'Card001.json', content: JSON.stringify(changed) }, noharmFile('Endo002')] });
    expect(result.skipped).toEqual(['Card001']);
    expect(result.imported.cases).toBe(1);
    const after = await getDb().option.findMany({ where: { case: { externalId: 'Card001', project: { slug: 'study-a' } } }, orderBy: { position: 'asc' } });
    expect(after).toEqual(before);
  });

  it('refuses the whole batch when one file is bad, naming the file and the JSON path', async () => {
    const bad = JSON.parse(noharmFile('Pulm001').content);
    bad.options[2].score = 'high';
    const casesBefore = await getDb().case.count();
    const projectsBefore = await getDb().project.count();
    const attempt = importRubrics({
      actorId: null,
      project: { slug: 'study-b' },
      files: [noharmFile('Neuro003'), { name: 'Pulm001.json', content: JSON.stringify(bad) }, noharmFile('GI002')],
    });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_INPUT', details: [{ file: 'Pulm001.json', path: '$.options[2].score' }] });
    expect(await getDb().case.count()).toBe(casesBefore);
    expect(await getDb().project.count()).toBe(projectsBefore);
  });

  it('rolls back earlier cases of the batch when the database refuses a later one', async () => {
    const casesBefore = await getDb().case.count();
    const optionsBefore = await getDb().option.count();
    // PostgreSQL refuses NUL characters in text: the third case fails inside the transaction,
    // after the first two were written, and all of it must be rolled back.
    const poisoned = JSON.parse(noharmFile('ID006').content);
    poisoned.options[1].text = 'contains \u0000 a NUL';
    const attempt = importRubrics({
      actorId: null,
      project: { slug: 'study-a' },
      files: [noharmFile('Nephro003'), noharmFile('Neuro007'), { name: 'ID006.json', content: JSON.stringify(poisoned) }],
    });
    await expect(attempt).rejects.toThrow();
    expect(await getDb().case.count()).toBe(casesBefore);
    expect(await getDb().option.count()).toBe(optionsBefore);
  });

  it('two simultaneous imports of the same cases: one imports, the other reports them present', async () => {
    await importRubrics({ actorId: null, project: { slug: 'race' }, files: [noharmFile('Pulm005')] });
    const files = [noharmFile('Endo007'), noharmFile('Endo009')];
    const results = await Promise.all([importRubrics({ actorId: null, project: { slug: 'race' }, files }), importRubrics({ actorId: null, project: { slug: 'race' }, files })]);
    expect(results.map((r) => r.imported.cases).sort()).toEqual([0, 2]);
    expect(results.map((r) => r.skipped.length).sort()).toEqual([0, 2]);
    expect(await getDb().case.count({ where: { project: { slug: 'race' } } })).toBe(3);
  });
});
