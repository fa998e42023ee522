import 'server-only';
import { getDb } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { hashPassword } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';
import { SPECIALTIES } from '@/lib/specialties';
import { createUserSchema, type CreateUserInput } from '@/lib/users/schema';

/** Create a user with a role and specialties (argon2id password hash). */
export async function createUser(options: { actorId: string | null; input: CreateUserInput }): Promise<{ id: string; email: string }> {
  const parsed = createUserSchema.safeParse(options.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_INPUT', `${issue.path.join('.') || 'input'}: expected ${issue.message}`);
  }
  const { password, specialties, ...user } = parsed.data;
  const passwordHash = await hashPassword(password);
  return getDb().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: user.email }, select: { id: true } })) {
      throw new AppError('CONFLICT', `a user with email ${user.email} already exists`);
    }
    const specialtyIds = [];
    for (const code of specialties) {
      const known = SPECIALTIES.find((s) => s.code === code)!;
      specialtyIds.push(await tx.specialty.upsert({ where: { code }, create: known, update: {}, select: { id: true } }));
    }
    const created = await tx.user.create({
      data: { ...user, passwordHash, specialties: { create: specialtyIds.map((s) => ({ specialtyId: s.id })) } },
      select: { id: true, email: true },
    });
    await recordAudit(tx, { actorId: options.actorId, action: 'user.create', entityType: 'user', entityId: created.id, data: { email: user.email, role: user.role, specialties } });
    return created;
  });
}
