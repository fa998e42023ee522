import 'server-only';
import { getDb, SELF_ADJUDICATION_MESSAGE, setActor, toAppError } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import type { SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { requireOptionAccess } from '@/lib/threads/service';
import { assertCanAdjudicate } from './queue';
import { recordAdjudicationSchema, type RecordAdjudicationInput } from './schema';

export { SELF_ADJUDICATION_MESSAGE } from '@/lib/db';
export const LOCKED_ADJUDICATION_MESSAGE = 'This case is locked by a release; its adjudications can no longer change.';

/** Has this person ever rated the option (a withdrawn rating counts)? The database trigger checks the same. */
export async function hasRatedOption(userId: string, optionId: string): Promise<boolean> {
  const [row] = await getDb().$queryRaw<Array<{ rated: boolean }>>`
    SELECT EXISTS (SELECT 1 FROM rating_history WHERE option_id = ${optionId} AND user_id = ${userId})
        OR EXISTS (SELECT 1 FROM ratings WHERE option_id = ${optionId} AND user_id = ${userId}) AS rated`;
  return row.rated;
}

export type RecordAdjudicationResult = { adjudicationId: string; created: boolean; old: { score: number; rationale: string } | null };

/**
 * Record (or change) the final score of an option. Refused for someone who rated it (here with a
 * clear message, and by the trigger `adjudications_not_by_rater`) and once its case is locked
 * (trigger `adjudications_locked`). Every change is audited with the old and new score and
 * rationale in the same transaction.
 */
export async function recordAdjudication(options: { user: SessionUser } & RecordAdjudicationInput): Promise<RecordAdjudicationResult> {
  const parsed = recordAdjudicationSchema.safeParse({ optionId: options.optionId, score: options.score, rationale: options.rationale });
  if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues.map((i) => i.message).join('; '));
  const input = parsed.data;
  assertCanAdjudicate(options.user);
  const { projectId, caseId } = await requireOptionAccess(options.user, input.optionId);
  if (await hasRatedOption(options.user.id, input.optionId)) throw new AppError('FORBIDDEN', SELF_ADJUDICATION_MESSAGE);
  try {
    return await getDb().$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<Array<{ locked: boolean }>>`SELECT locked_at IS NOT NULL AS locked FROM cases WHERE id = ${caseId} FOR SHARE`;
      if (locked?.locked) throw new AppError('LOCKED', LOCKED_ADJUDICATION_MESSAGE);
      await setActor(tx, options.user.id);
      const before = await tx.adjudication.findUnique({ where: { optionId: input.optionId }, select: { id: true, score: true, rationale: true, adjudicatorId: true } });
      const saved = before
        ? await tx.adjudication.update({ where: { id: before.id }, data: { score: input.score, rationale: input.rationale, adjudicatorId: options.user.id }, select: { id: true } })
        : await tx.adjudication.create({ data: { optionId: input.optionId, score: input.score, rationale: input.rationale, adjudicatorId: options.user.id }, select: { id: true } });
      const old = before ? { score: before.score, rationale: before.rationale, adjudicatorId: before.adjudicatorId } : null;
      await recordAudit(tx, {
        actorId: options.user.id,
        action: before ? 'adjudication.change' : 'adjudication.record',
        entityType: 'option',
        entityId: input.optionId,
        data: { projectId, adjudicationId: saved.id, old, new: { score: input.score, rationale: input.rationale, adjudicatorId: options.user.id } },
      });
      return { adjudicationId: saved.id, created: !before, old: old && { score: old.score, rationale: old.rationale } };
    });
  } catch (error) {
    throw toAppError(error, LOCKED_ADJUDICATION_MESSAGE);
  }
}
