import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { assignOpenCases } from '@/lib/assignment/service';
import { importRubrics } from '@/lib/import/service';
import { importNoharm, makeUser } from '@/test/fixtures';
import { noharmFile } from '@/test/noharm';

function asCase(id: string, from: string) {
  const rubric = JSON.parse(noharmFile(from).content);
  rubric.id = id;
  return { name: `${id}.json`, content: JSON.stringify(rubric) };
}

describe('assignOpenCases (real PostgreSQL)', () => {
  it('spreads cases evenly over the physicians of the specialty and audits what it assigned', async () => {
    const physicians = [];
    for (let i = 0; i < 4; i += 1) physicians.push(await makeUser('PHYSICIAN', ['Card']));
    await makeUser('PHYSICIAN', ['Derm']);
    await importRubrics({ actorId: null, project: { slug: 'balance' }, files: ['Card601', 'Card602', 'Card603', 'Card604'].map((id) => asCase(id, 'Card001')) });
    const loads = await Promise.all(physicians.map((p) => getDb().assignment.count({ where: { userId: p.id } })));
    expect(loads).toEqual([3, 3, 3, 3]);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: 'assignments.create' } });
    expect((audit.data as { assignments: unknown[] }).assignments).toHaveLength(12);
  });

  it('replaces a physician who declined with another one, never the same one again', async () => {
    const { project } = await importNoharm('decline', ['Pulm009']);
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: project.slug } })).id;
    const pulm = [await makeUser('PHYSICIAN', ['Pulm']), await makeUser('PHYSICIAN', ['Pulm']), await makeUser('PHYSICIAN', ['Pulm'])];
    await getDb().$transaction((tx) => assignOpenCases(tx, projectId));
    const declined = await getDb().assignment.findFirstOrThrow({ where: { userId: pulm[0].id } });
    await getDb().assignment.update({ where: { id: declined.id }, data: { status: 'DECLINED', declinedAt: new Date(), declineReason: 'OUTSIDE_EXPERTISE' } });

    const short = await getDb().$transaction((tx) => assignOpenCases(tx, projectId));
    expect(short).toEqual({ created: 0, waiting: [expect.objectContaining({ externalId: 'Pulm009', have: 2, need: 3 })] });

    const newcomer = await makeUser('PHYSICIAN', ['Pulm']);
    const filled = await getDb().$transaction((tx) => assignOpenCases(tx, projectId));
    expect(filled).toEqual({ created: 1, waiting: [] });
    const active = await getDb().assignment.findMany({ where: { caseId: declined.caseId, status: { not: 'DECLINED' } }, select: { userId: true } });
    expect(active.map((a) => a.userId).sort()).toEqual([pulm[1].id, pulm[2].id, newcomer.id].sort());
  });
});
