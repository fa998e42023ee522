/**
 * Scoring model plans against a gold standard with the NOHARM metrics (issue 10;
 * ../shared/docs/MODEL-EVAL.md). Pure functions, no I/O: the CLI, services and the browser share them.
 */
import { AppError } from '@/lib/errors';
import { aggregateModel } from './aggregate';
import { baseCaseOf } from './parse';
import { scoreRecords } from './record';
import type { AggregateOptions, EvalRubric, JudgedRecord, ModelScore, RecordScore } from './types';

export * from './types';
export { baseCaseOf, modelNameOf, parseJudgedJsonl, parseResponsesJsonl, rubricOf, type EvalInputError } from './parse';
export { harmonic, LENGTH_PIVOT, scoreRecord, scoreRecords, severityWeight } from './record';
export { aggregateModel, DEFAULT_BOOTSTRAP, DEFAULT_EVAL_SEED, MIN_RECORDS_FOR_FLOOR, MIN_STRATUM_CASES, strataOf, stratumOf } from './aggregate';

/** Scores every record against its base case's rubric, then the model. A record without a rubric is an error. */
export function evaluateModel(
  model: string,
  records: readonly JudgedRecord[],
  rubrics: ReadonlyMap<string, EvalRubric>,
  options: AggregateOptions = {},
): { score: ModelScore; perRecord: RecordScore[] } {
  const { scores, withoutRubric } = scoreRecords(records, rubrics);
  const [first] = withoutRubric;
  if (first) throw new AppError('INVALID_INPUT', `${model}: record ${first.id} has no rubric (case ${baseCaseOf(first.id)})`);
  return { score: aggregateModel(model, scores, options), perRecord: scores };
}
