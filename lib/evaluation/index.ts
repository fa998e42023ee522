/**
 * Scoring model plans against a gold standard with the NOHARM metrics (issue 10;
 * ../shared/docs/MODEL-EVAL.md). Pure functions, no I/O: the CLI, services and the browser share them.
 */
import { AppError } from '@/lib/errors';
import { aggregateModel } from './aggregate';
import { baseCaseOf } from './parse';
import { scoreRecord } from './record';
import type { AggregateOptions, EvalRubric, JudgedRecord, ModelScore, RecordScore } from './types';

export * from './types';
export { baseCaseOf, modelNameOf, parseJudgedJsonl, parseResponsesJsonl, rubricOf, type EvalInputError } from './parse';
export { harmonic, LENGTH_PIVOT, scoreRecord, severityWeight } from './record';
export { aggregateModel, DEFAULT_BOOTSTRAP, DEFAULT_EVAL_SEED, MIN_RECORDS_FOR_FLOOR, MIN_STRATUM_CASES, strataOf, stratumOf } from './aggregate';

/** Scores every record against its base case's rubric, then the model. A record without a rubric is an error. */
export function evaluateModel(
  model: string,
  records: readonly JudgedRecord[],
  rubrics: ReadonlyMap<string, EvalRubric>,
  options: AggregateOptions = {},
): { score: ModelScore; perRecord: RecordScore[] } {
  const perRecord = records.map((record) => {
    const rubric = rubrics.get(baseCaseOf(record.id));
    if (!rubric) throw new AppError('INVALID_INPUT', `${model}: record ${record.id} has no rubric (case ${baseCaseOf(record.id)})`);
    return scoreRecord(rubric, record);
  });
  return { score: aggregateModel(model, perRecord, options), perRecord };
}
