import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { createUser } from '@/lib/users/service';
import { importRubrics } from '@/lib/import/service';
import { noharmFile } from '@/test/noharm';

let counter = 0;

/** A user signed in as far as the data layer is concerned (the session is the DTO). */
export async function makeUser(role: SessionUser['role'], specialties: string[] = []): Promise<SessionUser> {
  counter += 1;
  const email = `${role.toLowerCase()}-${counter}-${Math.random().toString(36).slice(2, 7)}@test.primum.invalid`;
  await createUser({ actorId: null, input: { email, name: `${role} ${counter}`, role, password: 'test-password-123', specialties } });
  return getDb().user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, isSimulated: true } });
}

export async function importNoharm(slug: string, caseIds: string[], actorId: string | null = null) {
  return importRubrics({ actorId, project: { slug }, files: caseIds.map(noharmFile) });
}

/** Options of a case in rubric order, with their ids. */
export async function optionsOf(externalId: string, slug: string) {
  return getDb().option.findMany({
    where: { case: { externalId, project: { slug } } },
    orderBy: { position: 'asc' },
    select: { id: true, number: true, caseId: true, referenceScore: true, category: true },
  });
}
