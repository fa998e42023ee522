import 'server-only';
import { createHmac } from 'node:crypto';
import { analyzeItem } from '@/lib/agreement';
import { compareIds } from '@/lib/agreement/encode';
import { AppError } from '@/lib/errors';
import { rubricScoreOf } from '@/lib/gold';
import { goldRuleSchema, type GoldRule } from '@/lib/projects/schema';
import type { StoredOption } from '@/lib/rubric/format';
import { goldOfOption, loadCases, type LoadedCase } from '@/lib/releases/load';
import type { SqlRead } from '@/lib/releases/sql';
import { releaseAgreement, type ReleaseAgreement, type ReleaseAgreementRow } from '@/lib/releases/agreement';
import { type GoldSource, type OptionRow, type ReleaseCaseData, type ReleaseMeta, type ReleaseSource } from '@/lib/releases/archive/types';

/**
 * A release as the archive reads it (lib/releases/archive/types ReleaseSource), straight from the
 * database: cases in batches, in case-id order, so that memory stays flat however large the release.
 * Everything comes from frozen rows (locked cases, the release's own rows and the meta recorded at
 * lock), so the same release always gives the same archive.
 */

/**
 * Cases per database round trip: ~42 options and ~126 ratings each. 20, not 100: what a batch
 * allocates survives into V8's old space while the next batch loads, so smaller batches keep the
 * heap smaller (100x export, bench:release: peak RSS 344 MB at 20 against 410-427 MB at 100, same
 * CPU time, same bytes).
 */
const BATCH_CASES = 20;

/**
 * A person's pseudonym in a project's releases: HMAC-SHA256 of their id under the project's secret
 * key (projects.pseudonym_key, kept only in the database), so it is stable across the project's
 * releases and cannot be linked to anyone without the database. 48 bits: no collision in practice
 * among a study's raters.
 */
export function pseudonymOf(pseudonymKey: string, userId: string): string {
  return `R${createHmac('sha256', pseudonymKey).update(userId).digest('hex').slice(0, 12)}`;
}

type ItemRow = { optionId: string; goldScore: number | null; goldSource: string | null; lockedByOverride: boolean };

/** `specialty`: the case's specialty code as recorded at lock (the live code could be renamed later). */
function caseData(c: LoadedCase, specialty: string, items: Map<string, ItemRow>, rule: GoldRule, pseudonymKey: string): ReleaseCaseData {
  const options: OptionRow[] = [];
  const ratings: ReleaseCaseData['ratings'] = [];
  const adjudications: ReleaseCaseData['adjudications'] = [];
  for (const o of c.options) {
    const item = items.get(o.id);
    if (!item) throw new Error(`release item missing for option ${c.externalId}#${o.number}`);
    const scores = o.ratings.map((r) => r.score);
    const analysis = analyzeItem(scores);
    const label = goldOfOption(o, rule);
    // Releases locked before issue 9 recorded no source: their gold was the median.
    const source = (item.goldSource ?? 'rule') as GoldSource;
    const hasGold = item.goldScore !== null;
    options.push({
      case_id: c.externalId,
      specialty,
      option_id: o.number,
      position: o.position,
      text: o.text,
      category: o.category,
      is_harm_of_inaction: o.isHarmOfInaction,
      gold_score: item.goldScore,
      rubric_score: hasGold ? rubricScoreOf(item.goldScore!) : null,
      gold_source: source,
      median: analysis.median,
      zone: hasGold ? label.zone : null,
      severity: hasGold ? label.severity : null,
      harm_side: hasGold ? label.side : null,
      n_ratings: analysis.n,
      p30: analysis.p30,
      p70: analysis.p70,
      ipr: analysis.ipr,
      ipras: analysis.ipras,
      disagreement: analysis.disagreement,
      needs_discussion: o.flags.length > 0,
      locked_by_override: item.lockedByOverride,
      reference_score: o.referenceScore,
    });
    const optionRatings = o.ratings
      .map((r) => ({ case_id: c.externalId, option_id: o.number, rater_id: pseudonymOf(pseudonymKey, r.userId), simulated: r.user.isSimulated, score: r.score, rated_at: r.updatedAt.toISOString() }))
      .sort((a, b) => compareIds(a.rater_id, b.rater_id));
    ratings.push(...optionRatings);
    if (o.adjudication) {
      adjudications.push({
        case_id: c.externalId,
        option_id: o.number,
        score: o.adjudication.score,
        rationale: o.adjudication.rationale,
        adjudicator_id: pseudonymOf(pseudonymKey, o.adjudication.adjudicatorId),
        adjudicated_at: o.adjudication.updatedAt.toISOString(),
      });
    }
  }
  const byOption = (a: { option_id: number }, b: { option_id: number }) => a.option_id - b.option_id;
  return {
    stored: {
      externalId: c.externalId,
      presentation: c.presentation,
      recommendations: c.recommendations,
      rubric: c.rubric as ReleaseCaseData['stored']['rubric'],
      options: c.options.map((o) => ({ ...o, extra: o.extra as Record<string, unknown> }) satisfies StoredOption),
    },
    specialty,
    options,
    // Stable sorts: by option, raters already in order within each option.
    ratings: ratings.sort(byOption),
    adjudications: adjudications.sort(byOption),
  };
}

/** The release's row and its project's, as the archive needs them. */
type ReleaseRow = {
  version: number;
  createdAt: Date;
  goldRule: string;
  goldRuleConfig: unknown;
  summary: unknown;
  agreement: unknown;
  slug: string;
  name: string;
  isDemo: boolean;
  pseudonymKey: string;
};

/**
 * The release's cases, batch by batch, through `read`: the app's client (lib/releases/sql
 * viaPrisma), the lock's transaction while it is being written, or the export worker's own
 * node-postgres client (viaPg). The same rows give the same bytes whichever reads them.
 */
export async function releaseSource(read: SqlRead, releaseId: string): Promise<ReleaseSource> {
  const [release] = await read<ReleaseRow>`
    SELECT r.version, r.created_at AS "createdAt", r.gold_rule AS "goldRule", r.gold_rule_config AS "goldRuleConfig", r.summary, r.agreement,
           p.slug, p.name, p.is_demo AS "isDemo", p.pseudonym_key AS "pseudonymKey"
    FROM releases r JOIN projects p ON p.id = r.project_id WHERE r.id = ${releaseId}`;
  if (!release) throw new AppError('NOT_FOUND', 'No such release.');
  const released = await read<{ id: string; externalId: string }>`
    SELECT c.id, c.external_id AS "externalId" FROM release_cases rc JOIN cases c ON c.id = rc.case_id WHERE rc.release_id = ${releaseId}`;
  const caseIds = released.sort((a, b) => compareIds(a.externalId, b.externalId)).map((c) => c.id);
  const rule = goldRuleSchema.parse(release.goldRuleConfig ?? {});
  const recorded = release.agreement ? recordedMeta(release) : null;
  // Releases locked before issue 9 recorded no specialty per case: theirs is read from the case.
  const specialtyAtLock = recorded && new Map(recorded.cases.map((c) => [c.id, c.specialty]));
  const specialtyOf = (c: LoadedCase) => {
    if (!specialtyAtLock) return c.specialty.code;
    const code = specialtyAtLock.get(c.externalId);
    if (code === undefined) throw new Error(`release.json records no specialty for case ${c.externalId}`);
    return code;
  };
  const batches = async function* (): AsyncGenerator<ReleaseCaseData[]> {
    for (let start = 0; start < caseIds.length; start += BATCH_CASES) {
      const ids = caseIds.slice(start, start + BATCH_CASES);
      // One after the other: inside the lock's transaction both would share one connection.
      const cases = await loadCases(read, { ids });
      // By option only, then the release's row picked here: inside the lock's transaction the
      // statistics do not know the new release yet, so a condition on release_id made the planner
      // expect one row and scan all of a 100x release's 424,900 per batch (1.5-23 s each, tried in
      // psql); ANALYZE would fix that but is the table owner's, not the app role's.
      const optionIds = cases.flatMap((c) => c.options.map((o) => o.id));
      const rows = await read<ItemRow & { releaseId: string }>`
        SELECT release_id AS "releaseId", option_id AS "optionId", gold_score AS "goldScore", gold_source AS "goldSource", locked_by_override AS "lockedByOverride"
        FROM release_items WHERE option_id = ANY(${optionIds})`;
      const items = rows.filter((row) => row.releaseId === releaseId);
      const itemMap = new Map(items.map((i) => [i.optionId, i]));
      const order = new Map(ids.map((id, i) => [id, i]));
      yield cases.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map((c) => caseData(c, specialtyOf(c), itemMap, rule, release.pseudonymKey));
    }
  };
  const meta = recorded ?? (await legacyMeta(release, batches, rule));
  return { meta, cases: batches };
}

function recordedMeta(release: ReleaseRow): ReleaseMeta {
  const recorded = release.summary as unknown as Omit<ReleaseMeta, 'agreement'>;
  return { ...recorded, agreement: release.agreement as unknown as ReleaseAgreement };
}

/**
 * A release locked before issue 9 recorded only a short summary: its meta is rebuilt from its frozen
 * rows (every value below comes from locked data or the release row, so it too never changes), with
 * the gold rule it used (the median) and the default licence.
 */
async function legacyMeta(release: ReleaseRow, batches: () => AsyncGenerator<ReleaseCaseData[]>, rule: GoldRule): Promise<ReleaseMeta> {
  const cases: ReleaseMeta['cases'] = [];
  const rows: ReleaseAgreementRow[] = [];
  const raters = new Map<string, boolean>();
  let options = 0, ratings = 0, simulatedRatings = 0, adjudications = 0, disagreements = 0, withoutGold = 0;
  const specialties = new Map<string, { code: string; name: string; cases: number; options: number }>();
  for await (const batch of batches()) {
    for (const c of batch) {
      cases.push({ id: c.stored.externalId, specialty: c.specialty, options: c.options.length });
      const s = specialties.get(c.specialty) ?? { code: c.specialty, name: c.specialty, cases: 0, options: 0 };
      s.cases += 1;
      s.options += c.options.length;
      specialties.set(c.specialty, s);
      options += c.options.length;
      disagreements += c.options.filter((o) => o.disagreement).length;
      withoutGold += c.options.filter((o) => o.gold_score === null).length;
      adjudications += c.adjudications.length;
      const category = new Map(c.options.map((o) => [o.option_id, o.category]));
      for (const r of c.ratings) {
        ratings += 1;
        if (r.simulated) simulatedRatings += 1;
        raters.set(r.rater_id, r.simulated);
        rows.push({ case_id: r.case_id, option_id: r.option_id, rater_id: r.rater_id, score: r.score, specialty: c.specialty, category: category.get(r.option_id)! });
      }
    }
  }
  return {
    // Releases locked before issue 9 were written in the first format.
    format: 'primum-release/1',
    project: { slug: release.slug, name: release.name, is_demo: release.isDemo },
    version: release.version,
    created_at: release.createdAt.toISOString(),
    license: 'cc-by-4.0',
    gold_rule: { description: release.goldRule, config: rule },
    override: null,
    counts: {
      cases: cases.length,
      options,
      ratings,
      raters: raters.size,
      simulated_raters: [...raters.values()].filter(Boolean).length,
      simulated_ratings: simulatedRatings,
      adjudications,
      options_in_disagreement: disagreements,
      options_without_gold: withoutGold,
    },
    specialties: [...specialties.values()].sort((a, b) => compareIds(a.code, b.code)),
    cases,
    previous_version: release.version > 1 ? release.version - 1 : null,
    agreement: releaseAgreement(rows),
  };
}
