import 'server-only';
import { getDb, setActor } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { REVIEWING_ROLES, type SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { requireProjectAccess } from '@/lib/projects/membership';
import { FLAG_LABEL } from '@/lib/ratings/schema';
import { addReplySchema, type AddReplyInput } from './schema';
import { loadOptionRoster, loadRosters, raterLetter, rosterFingerprint, rosterStartsWith } from './roster';

export type ThreadEntry = {
  kind: 'flag' | 'comment' | 'reply';
  at: string;
  /** Who wrote it: a rater's label (blinded unless names are shown) or the replying reviewer's name. */
  author: string;
  /** For replies: the rater answered, or null for a note no physician sees. */
  to: string | null;
  body: string;
};

export type OptionThread = {
  /** The raters one can answer, by roster index. */
  raters: Array<{ index: number; label: string }>;
  /** Fingerprint of the roster these indexes refer to; a reply to a rater sends it back. */
  roster: string;
  entries: ThreadEntry[];
};

/** Where an option sits, for scoping (also used by adjudication): NOT_FOUND unless the user may see its project. */
export async function requireOptionAccess(user: SessionUser, optionId: string): Promise<{ projectId: string; caseId: string }> {
  const option = await getDb().option.findUnique({ where: { id: optionId }, select: { caseId: true, case: { select: { projectId: true } } } });
  if (!option) throw new AppError('NOT_FOUND', 'No such option.');
  await requireProjectAccess(user, option.case.projectId).catch(() => {
    throw new AppError('NOT_FOUND', 'No such option.');
  });
  return { projectId: option.case.projectId, caseId: option.caseId };
}

/** Labels for an option's roster: real names when `showNames`, else "Rater A/B/C". */
export function rosterLabels(roster: Array<{ userId: string; name: string }>, showNames: boolean): Map<string, string> {
  return new Map(roster.map((r, i) => [r.userId, showNames ? `${r.name} (${raterLetter(i)})` : raterLetter(i)]));
}

/**
 * Options' threads for reviewers (coordinators, adjudicators): the raters' flags and comments and
 * the replies to them, oldest first, in four queries however many options. Callers have checked
 * access to the options' project.
 */
export async function getOptionThreads(options: { optionIds: string[]; showNames: boolean }): Promise<Map<string, OptionThread>> {
  const db = getDb();
  const where = { optionId: { in: options.optionIds } };
  const [rosters, flags, comments, replies] = await Promise.all([
    loadRosters(db, options.optionIds),
    db.flag.findMany({ where, select: { optionId: true, userId: true, kind: true, comment: true, createdAt: true } }),
    db.optionComment.findMany({ where, select: { optionId: true, userId: true, body: true, updatedAt: true } }),
    db.optionReply.findMany({ where, select: { optionId: true, toUserId: true, body: true, createdAt: true, author: { select: { name: true } } } }),
  ]);
  const threads = new Map<string, OptionThread>();
  for (const optionId of options.optionIds) {
    const roster = rosters.get(optionId)!;
    const labels = rosterLabels(roster, options.showNames);
    const label = (userId: string | null) => (userId === null ? null : (labels.get(userId) ?? 'a former rater'));
    const entries: ThreadEntry[] = [
      ...flags.filter((f) => f.optionId === optionId).map((f) => ({ kind: 'flag' as const, at: f.createdAt.toISOString(), author: label(f.userId)!, to: null, body: `⚑ ${FLAG_LABEL[f.kind]}${f.comment ? `: ${f.comment}` : ''}` })),
      ...comments.filter((c) => c.optionId === optionId).map((c) => ({ kind: 'comment' as const, at: c.updatedAt.toISOString(), author: label(c.userId)!, to: null, body: c.body })),
      ...replies.filter((r) => r.optionId === optionId).map((r) => ({ kind: 'reply' as const, at: r.createdAt.toISOString(), author: r.author.name, to: label(r.toUserId), body: r.body })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    threads.set(optionId, { raters: roster.map((r, i) => ({ index: i, label: labels.get(r.userId)! })), roster: rosterFingerprint(optionId, roster), entries });
  }
  return threads;
}

/** One option's thread (see getOptionThreads). */
export async function getOptionThread(options: { optionId: string; showNames: boolean }): Promise<OptionThread> {
  return (await getOptionThreads({ optionIds: [options.optionId], showNames: options.showNames })).get(options.optionId)!;
}

/**
 * A coordinator's or adjudicator's answer in an option's thread, to one of its raters (who will
 * see it beside their comment) or, with `toRater: null`, a note no physician sees. The rater is
 * named by their place in the roster the author's screen showed, with that roster's fingerprint:
 * raters who appeared since at the end of the roster change nobody's place, but if the places
 * shifted (a flag or comment taken back by someone who never rated) the reply is refused
 * (CONFLICT) and nothing is stored, so it can never reach anyone but the rater the author chose. Append-only (database trigger) and audited.
 */
export const ROSTER_CHANGED_MESSAGE = 'The raters of this option changed since you opened it; reload and choose again.';

export async function addOptionReply(options: { user: SessionUser } & AddReplyInput): Promise<{ id: string }> {
  const parsed = addReplySchema.safeParse({ optionId: options.optionId, toRater: options.toRater, roster: options.roster, body: options.body });
  if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues.map((i) => i.message).join('; '));
  const input = parsed.data;
  if (!REVIEWING_ROLES.includes(options.user.role)) throw new AppError('FORBIDDEN', 'Only coordinators and adjudicators can answer in a thread.');
  const { projectId } = await requireOptionAccess(options.user, input.optionId);
  return getDb().$transaction(async (tx) => {
    let toUserId: string | null = null;
    if (input.toRater !== null) {
      const roster = await loadOptionRoster(tx, input.optionId);
      // The index means the person the author saw under it only if the roster they saw is still the
      // start of the current one (raters who appeared since are added at the end).
      if (!rosterStartsWith(input.optionId, roster, input.roster!)) throw new AppError('CONFLICT', ROSTER_CHANGED_MESSAGE);
      const target = roster[input.toRater];
      if (!target) throw new AppError('INVALID_INPUT', `toRater: ${raterLetter(input.toRater)} did not rate, flag or comment this option`);
      toUserId = target.userId;
    }
    await setActor(tx, options.user.id);
    const reply = await tx.optionReply.create({ data: { optionId: input.optionId, authorId: options.user.id, toUserId, body: input.body }, select: { id: true } });
    await recordAudit(tx, { actorId: options.user.id, action: 'option.reply', entityType: 'option', entityId: input.optionId, data: { projectId, replyId: reply.id, toUserId, body: input.body } });
    return reply;
  });
}

export type ReplyToMe = { body: string; at: string; author: string };

/** Replies addressed to this physician on these options (never anyone else's), oldest first. */
export async function getRepliesToUser(userId: string, optionIds: string[]): Promise<Map<string, ReplyToMe[]>> {
  const replies = await getDb().optionReply.findMany({
    where: { toUserId: userId, optionId: { in: optionIds } },
    orderBy: { createdAt: 'asc' },
    select: { optionId: true, body: true, createdAt: true, author: { select: { name: true } } },
  });
  const byOption = new Map<string, ReplyToMe[]>();
  for (const r of replies) {
    const list = byOption.get(r.optionId) ?? [];
    list.push({ body: r.body, at: r.createdAt.toISOString(), author: r.author.name });
    byOption.set(r.optionId, list);
  }
  return byOption;
}
