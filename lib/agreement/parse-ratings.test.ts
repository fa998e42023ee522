import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { createRatingsReader, detectFormat, parseRatings, splitCsvLine } from './parse-ratings';
import { parseScale } from './schema';

function errorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const NEEDS = "needs item, rater and score, optional case; or a release's case_id, option_id, rater_id and score";

describe('parseRatings (CSV)', () => {
  it('reads any column order, an optional case column, CRLF, a BOM and extra columns', () => {
    const text = '\uFEFFscore,Case,comment,rater,item\r\n7,Card001,"fine, really",dr1,o1\r\n\r\n9,Card001,,dr2,o1\r\n';
    expect(parseRatings(text)).toEqual([
      { item: 'o1', rater: 'dr1', value: 7, cluster: 'Card001' },
      { item: 'o1', rater: 'dr2', value: 9, cluster: 'Card001' },
    ]);
  });

  it('skips a row with an empty score (a missing rating) and leaves cluster off without a case', () => {
    expect(parseRatings('item,rater,score\no1,dr1,\no1,dr2, 3 \n')).toEqual([{ item: 'o1', rater: 'dr2', value: 3 }]);
  });

  it.each([
    ['item,rater,score\no1,dr1,10\n', 'line 2: score must be an integer from 1 to 9'],
    ['item,rater,score\no1,dr1,7.5\n', 'line 2: score must be an integer from 1 to 9'],
    ['item,rater,score\no1,dr1,high\n', 'line 2: score "high" is not a number'],
    ['item,rater,score\n\no1, ,7\n', 'line 3: rater is empty'],
    ['item,rater,score\no1,dr1,7\no1,dr1,8\n', 'line 3: duplicate rating of item "o1" by rater "dr1" (first on line 2)'],
    ['item,rater,score,case\no1,dr1,7,A\no1,dr2,8,B\n', 'line 3: item "o1" is in case "A" on line 2, not "B"'],
    ['item,rater,score\no1,dr1\n', 'line 2: expected 3 fields, found 2'],
    ['item,score\no1,7\n', `line 1: header lacks column "rater" (${NEEDS})`],
    ['case_id,rater_id,score\nC1,r1,7\n', `line 1: header lacks column "option_id" (${NEEDS})`],
    ['option_id,rater_id,score\n1,r1,7\n', `line 1: header lacks column "case_id" (${NEEDS})`],
    ['case_id,option_id,score,rated_at\nC1,1,7,x\n', `line 1: header lacks column "rater_id" (${NEEDS})`],
    ['case_id,option_id,rater_id\nC1,1,r1\n', `line 1: header lacks column "score" (${NEEDS})`],
    ['case_id,option_id,rater_id,score\nC1, ,r1,7\n', 'line 2: option_id is empty'],
    ['case_id,option_id,rater_id,score\n,1,r1,7\n', 'line 2: case_id is empty'],
    ['case_id,option_id,rater_id,score\nC1,1,,7\n', 'line 2: rater_id is empty'],
    ['case_id,option_id,rater_id,score\nC1,1,r1,7\nC1,2,r1,7\nC1,1,r1,3\n', 'line 4: duplicate rating of item "C1#1" by rater "r1" (first on line 2)'],
    ['item,rater,score,item\n', 'line 1: column "item" appears twice in the header'],
    ['item,rater,score\n"o1,dr1,7\n', 'line 2: unterminated quoted field'],
    ['  \n', 'line 1: empty file: expected a header item,rater,score'],
    // The first problem in line order wins, whether it is a duplicate or a malformed row.
    ['item,rater,score\no1,a,7\no1,a,8\no2,a,99\n', 'line 3: duplicate rating of item "o1" by rater "a" (first on line 2)'],
    ['item,rater,score\no1,a,7\no2,a,99\no1,a,8\n', 'line 3: score must be an integer from 1 to 9'],
    ['item,rater,score,case\no1,a,7,\no1,b,7,A\no2,a,1,B\no1,c,7,B\n', 'line 5: item "o1" is in case "A" on line 3, not "B"'],
  ])('rejects %j with "%s"', (text, message) => {
    const error = errorOf(() => parseRatings(text));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe(message);
  });

  it("reads a release's ratings.csv as it is: item case_id#option_id, rater rater_id, case case_id", () => {
    const text = 'case_id,option_id,rater_id,simulated,score,rated_at\nC1,1,R01,false,7,2026-11-01T08:00:00.000Z\nC1,1,R02,true,,2026-11-01T08:00:00.000Z\nC2,1,R01,false,2,2026-11-02T08:00:00.000Z\n';
    expect(parseRatings(text)).toEqual([
      { item: 'C1#1', rater: 'R01', value: 7, cluster: 'C1' },
      { item: 'C2#1', rater: 'R01', value: 2, cluster: 'C2' },
    ]);
  });

  it('prefers item, rater and case columns where a file has both kinds', () => {
    expect(parseRatings('item,case_id,option_id,rater,rater_id,score\no9,C1,1,dr1,R01,4\n')).toEqual([{ item: 'o9', rater: 'dr1', value: 4, cluster: 'C1' }]);
  });

  it('gives the same ratings and the same first problem whatever pieces the text arrives in', () => {
    const text = '\uFEFFitem,rater,score,case\r\no1,dr1,7,A\r\n\r\n"o,2",dr1,8,A\r\no3,dr2,3,B\r\no1,dr1,9,A\r\n';
    const whole = errorOf(() => parseRatings(text)).message;
    expect(whole).toBe('line 6: duplicate rating of item "o1" by rater "dr1" (first on line 2)');
    for (let size = 1; size <= 8; size++) {
      const reader = createRatingsReader();
      reader.push('');
      for (let at = 0; at < text.length; at += size) reader.push(text.slice(at, at + size));
      expect(errorOf(() => reader.end()).message).toBe(whole);
    }
    const valid = text.slice(0, text.lastIndexOf('o1,dr1,9'));
    const reader = createRatingsReader();
    for (let at = 0; at < valid.length; at += 3) reader.push(valid.slice(at, at + 3));
    expect(reader.end()).toEqual(parseRatings(valid));
    expect(parseRatings(valid)).toHaveLength(3);
  });

  it('validates against the given scale', () => {
    expect(parseRatings('item,rater,score\no1,dr1,6\n', { scale: { min: 1, max: 6 } })).toHaveLength(1);
    expect(errorOf(() => parseRatings('item,rater,score\no1,dr1,7\n', { scale: { min: 1, max: 6 } })).message).toBe('line 2: score must be an integer from 1 to 6');
  });

  it('splits quoted fields with embedded commas and quotes', () => {
    expect(splitCsvLine('"a ""b"", c",,d,', 1)).toEqual(['a "b", c', '', 'd', '']);
    expect(splitCsvLine('x,"y"', 1)).toEqual(['x', 'y']);
    expect(splitCsvLine('"a"b,c', 4)).toEqual({ line: 4, message: 'unexpected text after a closing quote' });
  });
});

describe('parseRatings (JSONL)', () => {
  it('reads objects, accepts numeric ids and treats a null score as missing', () => {
    const text = '{"item":"o1","rater":"dr1","score":8,"case":"Card001"}\n\n{"item":2,"rater":7,"score":"4"}\n{"item":"o3","rater":"dr1","score":null}\n';
    expect(parseRatings(text)).toEqual([
      { item: 'o1', rater: 'dr1', value: 8, cluster: 'Card001' },
      { item: '2', rater: '7', value: 4 },
    ]);
  });

  it('skips a leading BOM however the text arrives, an empty first piece included', () => {
    const reader = createRatingsReader();
    reader.push('');
    reader.push('\uFEFF{"item":"o1","rater":"a","score":3}\n');
    expect(reader.end()).toEqual([{ item: 'o1', rater: 'a', value: 3 }]);
  });

  it("reads a release's ratings.jsonl as it is (numeric option ids)", () => {
    const text = '{"case_id":"C1","option_id":2,"rater_id":"R01","simulated":false,"score":5,"rated_at":"2026-11-01T08:00:00.000Z"}\n';
    expect(parseRatings(text)).toEqual([{ item: 'C1#2', rater: 'R01', value: 5, cluster: 'C1' }]);
  });

  it.each([
    ['{"case_id":"C1","rater_id":"R01","score":5}\n', /^line 1: missing key "option_id"$/],
    ['{"case_id":"C1","option_id":1,"score":5}\n', /^line 1: missing key "rater_id"$/],
    ['{"case_id":"C1","option_id":true,"rater_id":"R01","score":5}\n', /^line 1: option_id must be a string$/],
    ['{"item":"o1","rater":"dr1","score":8}\n{"item":"o2",\n', /^line 2: invalid JSON \(/],
    ['{"item":"o1","rater":"dr1"}\n', /^line 1: missing key "score"$/],
    ['{"item":"o1","rater":"dr1","score":0}\n', /^line 1: score must be an integer from 1 to 9$/],
    ['{"item":{"id":1},"rater":"dr1","score":5}\n', /^line 1: item must be a string$/],
    ['{"item":"o1","rater":"dr1","score":true}\n', /^line 1: score must be a number$/],
  ])('rejects %j', (text, message) => {
    expect(errorOf(() => parseRatings(text, { format: 'jsonl' })).message).toMatch(message);
  });

  it('detects the format by file name or by a leading "{"', () => {
    expect(detectFormat('item,rater,score')).toBe('csv');
    expect(detectFormat('  {"item":1}')).toBe('jsonl');
    expect(detectFormat('', 'ratings.NDJSON')).toBe('jsonl');
    expect(errorOf(() => parseRatings('[1,2]\n', { format: 'jsonl' })).message).toBe('line 1: expected a JSON object');
  });
});

describe('parseScale', () => {
  it('reads "min-max" and rejects anything else', () => {
    expect(parseScale('1-9')).toEqual({ min: 1, max: 9 });
    expect(parseScale(' 0 - 4 ')).toEqual({ min: 0, max: 4 });
    expect(['9-1', '5-5', '1..9', 'a-b', ''].map(parseScale)).toEqual([null, null, null, null, null]);
  });
});
