import type { StoredCase } from '@/lib/rubric/format';
import type { GoldRule } from '@/lib/projects/schema';
import type { ReleaseAgreement } from '@/lib/releases/agreement';

/**
 * What a release archive is built from (issue 9). The database side (lib/releases/source.ts) fills
 * these; the archive writers (lib/releases/archive/*) only serialise them, and `primum verify`
 * reads the same shapes back from the files. Column names and order are those of
 * docs/release-format.md, which is the contract for researchers.
 */

/**
 * The archive formats, as release.json records them. `primum-release/2` spells CSV booleans `TRUE`
 * and `FALSE`, which base R's read.csv reads as logical (pandas reads both spellings); `/1` (releases
 * locked by versions of Primum before format 2, introduced on 2026-12-01) spelled them `true` and `false`. A release is always written in the format
 * it was locked in, so its bytes never change; new releases get RELEASE_FORMAT.
 */
export const RELEASE_FORMATS = ['primum-release/1', 'primum-release/2'] as const;
export type ReleaseFormat = (typeof RELEASE_FORMATS)[number];
export const RELEASE_FORMAT: ReleaseFormat = 'primum-release/2';
/** The manifest's path in the release folder; the release id is the SHA-256 of its bytes. */
export const MANIFEST = 'MANIFEST.sha256';

export type GoldSource = 'rule' | 'adjudicated' | 'none';

/** One row of options.csv / options.jsonl / options.parquet (snake_case: the file's own keys). */
export type OptionRow = {
  case_id: string;
  specialty: string;
  option_id: number;
  position: number;
  text: string;
  category: string;
  is_harm_of_inaction: boolean;
  /** The gold score as reached: a median may be a half point (1.5); null when no gold exists (override). */
  gold_score: number | null;
  /** The gold score as the rubric carries it: an integer, a half point rounded toward 5 (the milder side). */
  rubric_score: number | null;
  gold_source: GoldSource;
  median: number | null;
  zone: 'harm' | 'uncertain' | 'appropriate' | null;
  severity: 'severe' | 'moderate' | 'mild' | null;
  harm_side: 'commission' | 'omission' | null;
  n_ratings: number;
  p30: number | null;
  p70: number | null;
  ipr: number | null;
  ipras: number | null;
  disagreement: boolean;
  /** A rater flagged the option "needs discussion" (one of the adjudication reasons a rule may enable). */
  needs_discussion: boolean;
  /** The option lacked its ratings or its adjudication when the release was locked by an override. */
  locked_by_override: boolean;
  /** The score the imported rubric carried, when it had one. */
  reference_score: number | null;
};

/** One row of ratings.csv / ratings.jsonl / ratings.parquet. */
export type RatingRow = {
  case_id: string;
  option_id: number;
  /** Pseudonymous: stable within the project's releases, not derivable without the database. */
  rater_id: string;
  simulated: boolean;
  score: number;
  /** ISO 8601 UTC with milliseconds (the time of the rating's last change). */
  rated_at: string;
};

/** One line of adjudications.jsonl. */
export type AdjudicationRow = {
  case_id: string;
  option_id: number;
  score: number;
  rationale: string;
  adjudicator_id: string;
  adjudicated_at: string;
};

/** One case with everything the archive writes about it. Rows are sorted (options by position, ratings by option then rater). */
export type ReleaseCaseData = {
  stored: StoredCase;
  specialty: string;
  options: OptionRow[];
  ratings: RatingRow[];
  adjudications: AdjudicationRow[];
};

export type ReleaseCounts = {
  cases: number;
  options: number;
  ratings: number;
  raters: number;
  simulated_raters: number;
  simulated_ratings: number;
  adjudications: number;
  options_in_disagreement: number;
  options_without_gold: number;
};

/** Everything in release.json except the case list, and what the card needs. */
export type ReleaseMeta = {
  format: ReleaseFormat;
  project: { slug: string; name: string; is_demo: boolean };
  version: number;
  created_at: string;
  /** SPDX-style licence id chosen by the coordinator, lower case (e.g. "cc-by-4.0"). */
  license: string;
  gold_rule: { description: string; config: GoldRule | null };
  override: { reason: string; given_by: string; cases: string[] } | null;
  counts: ReleaseCounts;
  specialties: Array<{ code: string; name: string; cases: number; options: number }>;
  cases: Array<{ id: string; specialty: string; options: number }>;
  previous_version: number | null;
  agreement: ReleaseAgreement;
};

/**
 * The archive's input. `cases()` yields the release's cases in batches, ordered by case id; the
 * archive reads them once per archive (one pass writes every file), one batch in memory at a time.
 */
export interface ReleaseSource {
  meta: ReleaseMeta;
  cases(): AsyncIterable<ReleaseCaseData[]>;
}
