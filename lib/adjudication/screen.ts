import 'server-only';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { goldLabel, type GoldLabel } from '@/lib/gold';
import { findVisibleProject } from '@/lib/projects/membership';
import { readProjectSettings } from '@/lib/projects/settings';
import type { FlagKind } from '@/lib/ratings/service';
import { getOptionThread, rosterLabels, type OptionThread } from '@/lib/threads/service';
import { loadOptionRoster } from '@/lib/threads/roster';
import { getAdjudicationQueue, assertCanAdjudicate } from './queue';
import { hasRatedOption, LOCKED_ADJUDICATION_MESSAGE, SELF_ADJUDICATION_MESSAGE } from './record';

export type AdjudicationScreen = {
  case: { externalId: string; specialty: string; presentation: string; recommendations: string; locked: boolean };
  option: { id: string; number: number; text: string; category: string };
  /** One row per rater, blinded as "Rater A/B/C" unless the project shows names to adjudicators. */
  raters: Array<{ label: string; score: number | null; flags: FlagKind[]; comment: string }>;
  gold: GoldLabel;
  /** Null when this user may adjudicate; otherwise why not. */
  refusal: string | null;
  thread: OptionThread;
  /** Neighbours in the waiting queue (widest spread first), for n/p. */
  queue: { previousId: string | null; nextId: string | null; position: number | null; total: number };
};

/** Everything the adjudication screen shows for one option of a project the user reviews. */
export async function getAdjudicationScreen(options: { user: SessionUser; slug: string; optionId: string }): Promise<AdjudicationScreen> {
  assertCanAdjudicate(options.user);
  const project = await findVisibleProject(options.user, options.slug);
  const db = getDb();
  const found = await db.option.findFirst({
    where: { id: options.optionId, case: { projectId: project.id } },
    select: {
      id: true,
      number: true,
      text: true,
      category: true,
      case: { select: { externalId: true, presentation: true, recommendations: true, lockedAt: true, specialty: { select: { name: true } }, project: { select: { settings: true } } } },
      ratings: { select: { userId: true, score: true } },
      flags: { select: { userId: true, kind: true } },
      comments: { select: { userId: true, body: true } },
      adjudication: { select: { score: true, rationale: true, updatedAt: true, adjudicator: { select: { name: true } } } },
    },
  });
  if (!found) throw new AppError('NOT_FOUND', 'No such option in this project.');
  const settings = readProjectSettings(found.case.project.settings);
  const showNames = settings.showRaterNamesToAdjudicators;
  const [roster, thread, queue, rated] = await Promise.all([
    loadOptionRoster(db, found.id),
    getOptionThread({ optionId: found.id, showNames }),
    getAdjudicationQueue({ user: options.user, slug: options.slug }),
    hasRatedOption(options.user.id, found.id),
  ]);
  const labels = rosterLabels(roster, showNames);
  const raters = roster
    .map((r) => ({
      label: labels.get(r.userId)!,
      score: found.ratings.find((x) => x.userId === r.userId)?.score ?? null,
      flags: found.flags.filter((f) => f.userId === r.userId).map((f) => f.kind),
      comment: found.comments.find((c) => c.userId === r.userId)?.body ?? '',
    }))
    .filter((r) => r.score !== null || r.flags.length > 0 || r.comment !== '');
  const gold = goldLabel(
    {
      scores: found.ratings.map((r) => r.score),
      needsDiscussion: found.flags.some((f) => f.kind === 'NEEDS_DISCUSSION'),
      adjudication: found.adjudication && { score: found.adjudication.score, rationale: found.adjudication.rationale, adjudicator: found.adjudication.adjudicator.name, at: found.adjudication.updatedAt.toISOString() },
    },
    settings.goldRule,
  );
  const ids = queue.items.map((i) => i.optionId);
  const at = ids.indexOf(found.id);
  return {
    case: { externalId: found.case.externalId, specialty: found.case.specialty.name, presentation: found.case.presentation, recommendations: found.case.recommendations, locked: found.case.lockedAt !== null },
    option: { id: found.id, number: found.number, text: found.text, category: found.category },
    raters,
    gold,
    refusal: found.case.lockedAt !== null ? LOCKED_ADJUDICATION_MESSAGE : rated ? SELF_ADJUDICATION_MESSAGE : null,
    thread,
    queue: {
      previousId: at > 0 ? ids[at - 1] : at === -1 && ids.length > 0 ? ids[ids.length - 1] : null,
      nextId: at >= 0 ? (ids[at + 1] ?? null) : (ids[0] ?? null),
      position: at >= 0 ? at + 1 : null,
      total: ids.length,
    },
  };
}
