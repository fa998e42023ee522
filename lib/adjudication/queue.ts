import 'server-only';
import type { SessionUser } from '@/lib/auth/roles';
import { REVIEWING_ROLES } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { analyzeItem } from '@/lib/agreement/item-analysis';
import { goldLabel, spreadOf, type AdjudicationReason, type GoldAdjudication } from '@/lib/gold';
import { findVisibleProject } from '@/lib/projects/membership';
import { getProjectSettings } from '@/lib/projects/settings';
import { loadProjectGoldData } from './gold-data';

export type QueueStatus = 'pending' | 'adjudicated';

export type QueueItem = {
  optionId: string;
  caseExternalId: string;
  specialty: string;
  number: number;
  text: string;
  scores: number[];
  median: number | null;
  spread: number;
  ipr: number | null;
  reasons: AdjudicationReason[];
  adjudication: GoldAdjudication | null;
  locked: boolean;
};

export type AdjudicationQueue = {
  status: QueueStatus;
  items: QueueItem[];
  /** Filter choices over the whole queue of that status. */
  specialties: string[];
  cases: string[];
  counts: Record<QueueStatus, number>;
};

/** Adjudication is for the project's reviewers: adjudicators, coordinators and admins who are members. */
export function assertCanAdjudicate(user: Pick<SessionUser, 'role'>): void {
  if (!REVIEWING_ROLES.includes(user.role)) throw new AppError('FORBIDDEN', 'Only adjudicators and coordinators can adjudicate.');
}

/**
 * The options that need adjudication under the project's gold rule: waiting ones ("pending") or
 * those already adjudicated, widest spread (max - min) first, then widest IPR, then case and option.
 */
export async function getAdjudicationQueue(options: {
  user: SessionUser;
  slug: string;
  status?: QueueStatus;
  specialty?: string;
  caseExternalId?: string;
}): Promise<AdjudicationQueue> {
  assertCanAdjudicate(options.user);
  const project = await findVisibleProject(options.user, options.slug);
  const [settings, data] = await Promise.all([getProjectSettings(project.id), loadProjectGoldData(project.id)]);
  const status = options.status ?? 'pending';
  const all: Array<QueueItem & { status: QueueStatus }> = [];
  for (const o of data) {
    const label = goldLabel(o, settings.goldRule);
    if (label.reasons.length === 0) continue;
    all.push({
      status: label.adjudication ? 'adjudicated' : 'pending',
      optionId: o.optionId,
      caseExternalId: o.caseExternalId,
      specialty: o.specialty,
      number: o.number,
      text: o.text,
      scores: [...o.scores].sort((a, b) => a - b),
      median: label.median,
      spread: spreadOf(o.scores),
      ipr: analyzeItem(o.scores).ipr,
      reasons: label.reasons,
      adjudication: label.adjudication,
      locked: o.locked,
    });
  }
  const ofStatus = all.filter((i) => i.status === status);
  const items = ofStatus
    .filter((i) => (!options.specialty || i.specialty === options.specialty) && (!options.caseExternalId || i.caseExternalId === options.caseExternalId))
    .sort((a, b) => b.spread - a.spread || (b.ipr ?? 0) - (a.ipr ?? 0) || a.caseExternalId.localeCompare(b.caseExternalId) || a.number - b.number)
    .map(({ status: _status, ...item }) => item);
  return {
    status,
    items,
    specialties: [...new Set(ofStatus.map((i) => i.specialty))].sort(),
    cases: [...new Set(ofStatus.map((i) => i.caseExternalId))].sort(),
    counts: { pending: all.filter((i) => i.status === 'pending').length, adjudicated: all.filter((i) => i.status === 'adjudicated').length },
  };
}
