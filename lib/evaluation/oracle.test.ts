import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { noharmFile } from '@/test/noharm';
import { aggregateModel, RECORD_METRICS, rubricOf, scoreRecord, type EvalRubric, type JudgedRecord, type ModelMetric } from './index';

/**
 * Every point estimate against the public NOHARM scorer's, on crafted records (83 records over 8 open
 * rubrics and 3 synthetic ones with mixed alternative groups and dependsOn chains, unknown option ids,
 * plans without actions, nothing matched, long responses). The expected figures were computed by the
 * scorer itself: see test/fixtures/evaluation/oracle.py for how, and docs/evaluation.md.
 */

type OracleAction = { match: string; score?: number };
type OracleRecord = { id: string; trial: number; options: { id: number; matched: boolean; partial: boolean }[]; responseActions: OracleAction[]; response_len?: number };
type Oracle = {
  openRubrics: string[];
  syntheticRubrics: unknown[];
  records: OracleRecord[];
  expected: { perRecord: { id: string; trial: number; metrics: Record<string, number | null> }[]; model: Record<string, { mean: number; cases: number }> };
};

const oracle = JSON.parse(readFileSync(path.join(process.cwd(), 'test', 'fixtures', 'evaluation', 'oracle-expected.json'), 'utf8')) as Oracle;
const rubrics = new Map<string, EvalRubric>();
for (const caseId of oracle.openRubrics) rubrics.set(caseId, rubricOf(JSON.parse(noharmFile(caseId).content), `${caseId}.json`));
for (const json of oracle.syntheticRubrics) {
  const rubric = rubricOf(json, 'synthetic');
  rubrics.set(rubric.caseId, rubric);
}

// Not through parseJudgedJsonl: these records name unknown option ids on purpose (the parser refuses them).
const toRecord = (r: OracleRecord): JudgedRecord => ({
  id: r.id,
  trial: r.trial,
  options: r.options,
  actions: r.responseActions.map((a) => ({ match: a.match === '' ? [] : a.match.split(',').map(Number), score: a.score ?? null })),
  responseLen: r.response_len ?? null,
});
const scores = oracle.records.map((r) => scoreRecord(rubrics.get(r.id.replace(/-\d+$/, ''))!, toRecord(r)));

describe('the evaluation module against the public NOHARM scorer', () => {
  it('gives every per-record metric of every crafted record to 1e-9, null where the scorer has NaN', () => {
    expect(scores).toHaveLength(oracle.expected.perRecord.length);
    let compared = 0;
    oracle.expected.perRecord.forEach((expected, i) => {
      expect(scores[i].id).toBe(expected.id);
      for (const metric of RECORD_METRICS) {
        const want = expected.metrics[metric];
        const got = scores[i].metrics[metric];
        if (want === null) expect(got, `${expected.id}/${expected.trial} ${metric}`).toBeNull();
        else expect(Math.abs((got as number) - want), `${expected.id}/${expected.trial} ${metric}: ${got} vs ${want}`).toBeLessThan(1e-9);
        compared += 1;
      }
    });
    expect(compared).toBe(83 * 17);
  });

  it('gives every model-level point estimate (mean of case means, F1_floor) to 1e-9', () => {
    const model = aggregateModel('oracle', scores, { bootstrap: 50 });
    for (const [metric, want] of Object.entries(oracle.expected.model)) {
      const got = model.metrics[metric as ModelMetric];
      expect(got, metric).not.toBeNull();
      expect(Math.abs(got!.mean - want.mean), `${metric}: ${got!.mean} vs ${want.mean}`).toBeLessThan(1e-9);
      expect(got!.n, metric).toBe(want.cases);
    }
  });
});
