import 'server-only';
import { analyzeItem } from '@/lib/agreement';
import { compareIds } from '@/lib/agreement/encode';
import type { ReleaseCounts } from '@/lib/releases/archive/types';
import { releaseAgreementOfCompact } from '@/lib/releases/agreement-table';
import type { ReleaseAgreement } from '@/lib/releases/agreement';
import { goldOfOption, type LoadedCase } from '@/lib/releases/load';
import type { ReadinessRules } from '@/lib/releases/readiness';
import { pseudonymOf } from '@/lib/releases/source';

/**
 * What the lock keeps of each case while readiness reads the project batch by batch: a few numbers
 * and short strings per option and per rating (no row objects), enough for the release items, the
 * counts and the agreement of any selection of the cases. At 100x NOHARM scale (424,900 options,
 * 1.27 M ratings) that is tens of MB where the loaded cases were gigabytes.
 */

export type LockItem = {
  optionId: string;
  goldScore: number | null;
  goldSource: 'rule' | 'adjudicated' | 'none';
  ratingCount: number;
  disagreement: boolean;
  lockedByOverride: boolean;
  zone: string | null;
  severity: string | null;
  harmSide: string | null;
};

export type LockCase = { index: number; id: string; externalId: string; specialty: { code: string; name: string }; lockedAt: Date | null; options: number };

export class LockData {
  readonly cases: LockCase[] = [];
  // Per case: its first option (options of case c: optionStart[c] .. optionStart[c + 1] - 1).
  private readonly optionStart: number[] = [0];
  // Per option, in option-id order within each case (the agreement's canonical order).
  private readonly option = { id: [] as string[], number: [] as number[], category: [] as number[], gold: [] as Array<number | null>, source: [] as LockItem['goldSource'][], zone: [] as Array<string | null>, severity: [] as Array<string | null>, side: [] as Array<string | null>, disagreement: [] as boolean[], lacking: [] as boolean[], adjudicated: [] as boolean[], ratingStart: [0] as number[] };
  // Per rating, in pseudonym order within each option.
  private readonly ratingRater: number[] = [];
  private readonly ratingScore: number[] = [];
  private readonly raters: Array<{ pseudonym: string; simulated: boolean }> = [];
  private readonly raterOf = new Map<string, number>();
  private readonly categories: string[] = [];
  private readonly categoryOf = new Map<string, number>();

  constructor(private readonly pseudonymKey: string) {}

  /** Records one case (in case-id order) under the project's rules. */
  add(c: LoadedCase, rules: ReadinessRules): void {
    this.cases.push({ index: this.cases.length, id: c.id, externalId: c.externalId, specialty: c.specialty, lockedAt: c.lockedAt, options: c.options.length });
    const o = this.option;
    for (const option of [...c.options].sort((a, b) => a.number - b.number)) {
      const scores = option.ratings.map((r) => r.score);
      const gold = goldOfOption(option, rules.goldRule);
      o.id.push(option.id);
      o.number.push(option.number);
      o.category.push(this.codeOf(option.category));
      o.gold.push(gold.score);
      o.source.push(gold.status === 'pending' ? 'none' : gold.status);
      o.zone.push(gold.zone);
      o.severity.push(gold.severity);
      o.side.push(gold.side);
      o.disagreement.push(analyzeItem(scores).disagreement);
      o.lacking.push(option.ratings.length < rules.ratersPerCase || gold.needsAdjudication || gold.score === null);
      o.adjudicated.push(option.adjudication !== null);
      const ratings = option.ratings.map((r) => ({ rater: this.raterIndex(r.userId, r.user.isSimulated), score: r.score }));
      ratings.sort((a, b) => compareIds(this.raters[a.rater].pseudonym, this.raters[b.rater].pseudonym));
      for (const r of ratings) {
        this.ratingRater.push(r.rater);
        this.ratingScore.push(r.score);
      }
      o.ratingStart.push(this.ratingRater.length);
    }
    this.optionStart.push(o.id.length);
  }

  private raterIndex(userId: string, simulated: boolean): number {
    let index = this.raterOf.get(userId);
    if (index === undefined) {
      index = this.raters.push({ pseudonym: pseudonymOf(this.pseudonymKey, userId), simulated }) - 1;
      this.raterOf.set(userId, index);
    }
    return index;
  }

  private codeOf(category: string): number {
    let code = this.categoryOf.get(category);
    if (code === undefined) this.categoryOf.set(category, (code = this.categories.push(category) - 1));
    return code;
  }

  private *optionsOf(cases: readonly LockCase[]): Generator<{ c: LockCase; o: number }> {
    for (const c of cases) for (let o = this.optionStart[c.index]; o < this.optionStart[c.index + 1]; o++) yield { c, o };
  }

  /** The release items of the selected cases; options lacking ratings or an adjudication in `overridden` cases are marked. */
  *items(selected: readonly LockCase[], overridden: ReadonlySet<string>): Generator<LockItem> {
    const o = this.option;
    for (const { c, o: i } of this.optionsOf(selected)) {
      yield {
        optionId: o.id[i],
        goldScore: o.gold[i],
        goldSource: o.source[i],
        ratingCount: o.ratingStart[i + 1] - o.ratingStart[i],
        disagreement: o.disagreement[i],
        lockedByOverride: o.lacking[i] && overridden.has(c.externalId),
        zone: o.zone[i],
        severity: o.severity[i],
        harmSide: o.side[i],
      };
    }
  }

  counts(selected: readonly LockCase[]): ReleaseCounts {
    const o = this.option;
    const seen = new Uint8Array(this.raters.length);
    const counts: ReleaseCounts = { cases: selected.length, options: 0, ratings: 0, raters: 0, simulated_raters: 0, simulated_ratings: 0, adjudications: 0, options_in_disagreement: 0, options_without_gold: 0 };
    for (const { o: i } of this.optionsOf(selected)) {
      counts.options += 1;
      if (o.adjudicated[i]) counts.adjudications += 1;
      if (o.disagreement[i]) counts.options_in_disagreement += 1;
      if (o.gold[i] === null) counts.options_without_gold += 1;
      for (let r = o.ratingStart[i]; r < o.ratingStart[i + 1]; r++) {
        const rater = this.ratingRater[r];
        counts.ratings += 1;
        if (this.raters[rater].simulated) counts.simulated_ratings += 1;
        if (seen[rater]) continue;
        seen[rater] = 1;
        counts.raters += 1;
        if (this.raters[rater].simulated) counts.simulated_raters += 1;
      }
    }
    return counts;
  }

  /** The agreement figures of the selected cases (given in case-id order), from typed arrays. */
  agreement(selected: readonly LockCase[]): ReleaseAgreement {
    const o = this.option;
    const specialties: string[] = [];
    const specialtyOf = new Map<string, number>();
    const itemIds: string[] = [];
    const itemCase: number[] = [];
    const itemSpecialty: number[] = [];
    const itemCategory: number[] = [];
    const start: number[] = [0];
    const rater: number[] = [];
    const score: number[] = [];
    for (const { c, o: i } of this.optionsOf(selected)) {
      // An option without ratings is no item of the agreement (releaseAgreement sees only ratings).
      if (o.ratingStart[i + 1] === o.ratingStart[i]) continue;
      let s = specialtyOf.get(c.specialty.code);
      if (s === undefined) specialtyOf.set(c.specialty.code, (s = specialties.push(c.specialty.code) - 1));
      itemIds.push(`${c.externalId}#${o.number[i]}`);
      itemCase.push(c.index);
      itemSpecialty.push(s);
      itemCategory.push(o.category[i]);
      for (let r = o.ratingStart[i]; r < o.ratingStart[i + 1]; r++) {
        rater.push(this.ratingRater[r]);
        score.push(this.ratingScore[r]);
      }
      start.push(rater.length);
    }
    return releaseAgreementOfCompact({
      itemIds,
      itemCase: Int32Array.from(itemCase),
      itemSpecialty: Int32Array.from(itemSpecialty),
      itemCategory: Int32Array.from(itemCategory),
      specialties,
      categories: this.categories,
      start: Int32Array.from(start),
      rater: Int32Array.from(rater),
      score: Int32Array.from(score),
      raterIds: this.raters.map((r) => r.pseudonym),
    });
  }
}
