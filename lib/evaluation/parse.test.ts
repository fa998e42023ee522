import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { noharmFile } from '@/test/noharm';
import { baseCaseOf, modelNameOf, parseJudgedJsonl, parseResponsesJsonl, rubricOf } from './parse';
import type { EvalRubric } from './types';

const rubric: EvalRubric = { caseId: 'Card001', options: [{ id: 1, score: 9 }, { id: 2, score: 2 }, { id: 3, score: null }] };
const rubrics = new Map([['Card001', rubric]]);
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ id: 'Card001', trial: 0, options: [{ id: 1, matched: true, partial: false }], responseActions: [{ match: '1' }], ...fields });

describe('names', () => {
  it('takes the base case from a variant id and the model from a file name', () => {
    expect([baseCaseOf('All001-3'), baseCaseOf('All001'), baseCaseOf('All001-10')]).toEqual(['All001', 'All001', 'All001']);
    expect(modelNameOf('runs/gpt-5.5_judged.jsonl')).toBe('gpt-5.5');
    expect(modelNameOf('claude.jsonl')).toBe('claude');
    expect(modelNameOf('C:\\runs\\m_judged.jsonl')).toBe('m');
  });
});

describe('rubricOf', () => {
  it('reads a bundled NOHARM rubric: scores, alternative groups, dependsOn', () => {
    const derm = rubricOf(JSON.parse(noharmFile('Derm001').content), 'Derm001.json');
    expect(derm.caseId).toBe('Derm001');
    expect(derm.options).toHaveLength(39);
    expect(derm.options.find((o) => o.id === 38)!.dependsOn).toEqual([31]);
    const card = rubricOf(JSON.parse(noharmFile('Card001').content), 'Card001.json');
    expect(card.options.filter((o) => o.abstractionType === 'alternative').map((o) => o.id)).toEqual([15, 16, 21]);
  });

  it('reads a release rubric whose option has no gold score (null or absent) as score null', () => {
    const r = rubricOf({ id: 'Card010', options: [{ id: 1, score: null, text: 't' }, { id: 2 }] }, 'rubrics/Card010.json');
    expect(r.options.map((o) => o.score)).toEqual([null, null]);
  });

  it('refuses a file that is not a rubric, naming the file and the path', () => {
    const attempt = (json: unknown) => {
      try {
        rubricOf(json, 'rubrics/X001.json');
      } catch (error) {
        expect(isAppError(error) && error.code).toBe('INVALID_INPUT');
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(attempt({ id: 'X001', options: [{ id: 1, score: 10 }] })).toMatch(/^rubrics\/X001\.json: not a rubric: options\[0\]\.score: /);
    expect(attempt({ options: [] })).toMatch(/^rubrics\/X001\.json: not a rubric: id: /);
    expect(attempt({ id: 'X001', options: [{ id: 1, score: 2 }, { id: 1, score: 3 }] })).toBe('rubrics/X001.json: not a rubric: option id 1 appears twice');
  });
});

describe('parseJudgedJsonl', () => {
  it('reads records, skipping blank lines, carrying unknown fields, defaulting partial, scores and response_len', () => {
    const text = [
      line({ response_len: 1200, judge: 'gemini', metrics: { F1_weighted: 1 } }),
      '',
      '   ',
      line({ id: 'Card001-4', trial: 2, options: [{ id: 1, matched: true }], responseActions: [{ match: [1, 3] }, { match: '', score: 2 }, { match: ' 1 , 2 ' }, { match: '' }] }),
    ].join('\n');
    const { model, records, errors } = parseJudgedJsonl(text, 'runs/m1_judged.jsonl', rubrics);
    expect(errors).toEqual([]);
    expect(model).toBe('m1');
    expect(records).toEqual([
      { id: 'Card001', trial: 0, options: [{ id: 1, matched: true, partial: false }], actions: [{ match: [1], score: null }], responseLen: 1200 },
      {
        id: 'Card001-4',
        trial: 2,
        options: [{ id: 1, matched: true, partial: false }],
        actions: [{ match: [1, 3], score: null }, { match: [], score: 2 }, { match: [1, 2], score: null }, { match: [], score: null }],
        responseLen: null,
      },
    ]);
  });

  it('takes the model from the records when they all name the same one, else from the file name', () => {
    expect(parseJudgedJsonl([line({ model: 'gpt-5.5' }), line({ trial: 1, model: 'gpt-5.5' })].join('\n'), 'x_judged.jsonl', rubrics).model).toBe('gpt-5.5');
    expect(parseJudgedJsonl([line({ model: 'a' }), line({ trial: 1, model: 'b' })].join('\n'), 'x_judged.jsonl', rubrics).model).toBe('x');
    expect(parseJudgedJsonl([line({ model: 'a' }), line({ trial: 1 })].join('\n'), 'x_judged.jsonl', rubrics).model).toBe('x');
  });

  it('reports every bad line with its number and the reason, and keeps the good ones', () => {
    const text = [
      '{"id": "Card001", ',
      '[1, 2]',
      line({ trial: 'one' }),
      line({ options: [{ id: 1, matched: 'yes' }] }),
      line({ id: 'Pulm404' }),
      line({ options: [{ id: 7, matched: true }], trial: 1 }),
      line({ responseActions: [{ match: '1,8,9' }], trial: 2 }),
      line({ responseActions: [{ match: '1;2' }] }),
      line({ response_len: -3 }),
      line({ trial: 5 }),
      line({ trial: 5, responseActions: [{ match: '2,4' }] }),
      line({ options: [{ id: 1, matched: true }, { id: 1, matched: false }], trial: 6 }),
      line({ responseActions: [{ match: '', score: 0 }], trial: 7 }),
      line({ options: [{ id: 1, matched: true }, { id: 2, matched: false, partial: 'no' }], trial: 8 }),
      line({ options: [{ id: 1.5, matched: true }], trial: 9 }),
      line({ options: [null], trial: 10 }),
    ].join('\n');
    const { records, errors } = parseJudgedJsonl(text, 'm_judged.jsonl', rubrics);
    expect(records.map((r) => r.trial)).toEqual([5]);
    expect(errors.map((e) => `${e.file}:${e.line}: ${e.reason}`)).toEqual([
      expect.stringMatching(/^m_judged\.jsonl:1: malformed JSON \(/),
      'm_judged.jsonl:2: not a JSON object',
      expect.stringMatching(/^m_judged\.jsonl:3: trial: .*expected number/),
      expect.stringMatching(/^m_judged\.jsonl:4: options\[0\]\.matched: .*expected boolean/),
      'm_judged.jsonl:5: id Pulm404: no rubric for case Pulm404',
      'm_judged.jsonl:6: options[0].id: 7 is not an option of the rubric of Card001',
      'm_judged.jsonl:7: responseActions[0].match: 8, 9 are not options of the rubric of Card001',
      'm_judged.jsonl:8: responseActions[0].match: expected option ids separated by commas such as "3,7" (or ""), got "1;2"',
      expect.stringMatching(/^m_judged\.jsonl:9: response_len: .*>=0/),
      'm_judged.jsonl:11: duplicate record: id Card001 trial 5 is already on line 10',
      'm_judged.jsonl:11: responseActions[0].match: 4 is not an option of the rubric of Card001',
      'm_judged.jsonl:12: options[1].id: a second verdict for option 1',
      expect.stringMatching(/^m_judged\.jsonl:13: responseActions\[0\]\.score: .*>=1/),
      expect.stringMatching(/^m_judged\.jsonl:14: options\[1\]\.partial: .*expected boolean/),
      expect.stringMatching(/^m_judged\.jsonl:15: options\[0\]\.id: .*expected int/),
      expect.stringMatching(/^m_judged\.jsonl:16: options\[0\]: .*expected object/),
    ]);
  });
});

describe('parseResponsesJsonl', () => {
  it('reads {id, trial, response} lines and reports bad and duplicate ones', () => {
    const text = ['{"id":"Card001","trial":0,"response":"Admit.","extra":1}', '{"id":"Card001","trial":0,"response":"again"}', '{"id":"Card001-1","trial":0}', 'nope'].join('\n');
    const { records, errors } = parseResponsesJsonl(text, 'm.jsonl');
    expect(records).toEqual([{ id: 'Card001', trial: 0, response: 'Admit.' }]);
    expect(errors.map((e) => `${e.line}: ${e.reason}`)).toEqual([
      '2: duplicate record: id Card001 trial 0 is already on line 1',
      expect.stringMatching(/^3: response: .*expected string/),
      expect.stringMatching(/^4: malformed JSON/),
    ]);
  });
});
