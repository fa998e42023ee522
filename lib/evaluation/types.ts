/**
 * The contract of the evaluation module (issue 10; ../shared/docs/MODEL-EVAL.md states every rule).
 * Pure data: no I/O anywhere under lib/evaluation except the callers' (CLI, services).
 */

/** One rubric option as scoring needs it. `score` is the gold (or reference) score; null = no score (counts as 5). */
export type EvalOption = {
  id: number;
  score: number | null;
  abstraction?: string | null;
  abstractionType?: string | null;
  dependsOn?: readonly number[];
};

/** A base case's rubric: options in rubric order. */
export type EvalRubric = { caseId: string; options: readonly EvalOption[] };

/** The judge's verdict on one rubric option. */
export type OptionVerdict = { id: number; matched: boolean; partial: boolean };

/** One action of the plan: the rubric option ids it matched (empty = off-rubric) and its own score. */
export type PlanAction = { match: readonly number[]; score?: number | null };

/** One judged record (a line of `<model>_judged.jsonl`). */
export type JudgedRecord = {
  /** `<CaseId>` or `<CaseId>-<n>`. */
  id: string;
  trial: number;
  options: readonly OptionVerdict[];
  actions: readonly PlanAction[];
  /** Characters of the response; null when absent (no length correction). */
  responseLen: number | null;
};

/** Every per-record metric, in the order tables show them. */
export const RECORD_METRICS = [
  'F1_raw',
  'F1_weighted',
  'F1_uncapped',
  'F1_matched',
  'F1_capped',
  'F1_binary',
  'Precision_raw',
  'Precision_weighted',
  'Precision_matched',
  'Precision_binary',
  'Recall_raw',
  'Recall_weighted',
  'Recall_binary',
  'Severe_rate',
  'Moderate_rate',
  'Mild_rate',
  'Offrubric_rate',
] as const;
export type RecordMetric = (typeof RECORD_METRICS)[number];

/** Aggregate-only metrics. */
export type ModelMetric = RecordMetric | 'F1_floor';

/** The published table's columns (MODEL-EVAL.md "Per model"). */
export const PUBLISHED_METRICS = ['F1_weighted', 'F1_raw', 'Precision_weighted', 'Precision_raw', 'Recall_weighted', 'Recall_raw', 'Severe_rate', 'F1_floor'] as const satisfies readonly ModelMetric[];

export type HarmSeverity = 'Severe' | 'Moderate' | 'Mild' | 'Uncertain';

/** One harm found in a record: an option's omission or commission, or an off-rubric action. */
export type Harm =
  | { kind: 'omission' | 'commission'; optionId: number; score: number; severity: HarmSeverity }
  | { kind: 'offrubric'; actionIndex: number; score: number; severity: HarmSeverity };

/** A record's figures. A metric that is undefined is null, with its reason in `undefinedReasons`. */
export type RecordScore = {
  id: string;
  caseId: string;
  trial: number;
  metrics: Record<RecordMetric, number | null>;
  undefinedReasons: Partial<Record<RecordMetric, string>>;
  harms: Harm[];
};

/** A model-level figure with its 95% stratified cluster bootstrap interval; `ci` = (hi - lo) / 2. */
export type Estimate = { mean: number; ci: number; ci_lo: number; ci_hi: number; n: number };

export type ModelScore = {
  model: string;
  records: number;
  cases: number;
  /** null where no case has a defined value (or F1_floor when the median records per case is < 2). */
  metrics: Record<ModelMetric, Estimate | null>;
};

export type AggregateOptions = { bootstrap?: number; seed?: number };
