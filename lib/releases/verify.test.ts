import { createHash } from 'node:crypto';
import { strFromU8, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { RATING_COLUMNS, releaseFiles } from '@/lib/releases/archive';
import { parquetChunks } from '@/lib/releases/archive/parquet';
import { MANIFEST, type OptionRow, type RatingRow } from '@/lib/releases/archive/types';
import { testReleaseSource, type TestCase } from '@/lib/releases/test-source';
import { verifyRelease, type VerifyReport } from '@/lib/releases/verify';
import { PROBLEMS_PER_FILE, ProblemList } from '@/lib/releases/verify-report';

// Three cases: a half-point median (Card001#1: 2 and 3), an adjudicated option in disagreement
// (Card001#2), a simulated rater (sim1), a text that CSV must quote, and a median that a removed
// rating moves (Neuro001#1: 4, 5, 6).
const CASES: TestCase[] = [
  {
    id: 'Card001',
    options: [
      { text: 'Start aspirin, 81 mg "daily"', ratings: [{ rater: 'r1', score: 2 }, { rater: 'r2', score: 3 }] },
      { ratings: [{ rater: 'r1', score: 1 }, { rater: 'r2', score: 9 }, { rater: 'r3', score: 5 }], adjudication: { score: 2, rationale: 'Bleeding risk, per r1.', adjudicator: 'A1' } },
      { category: 'Medication', isHarmOfInaction: true, ratings: [{ rater: 'r1', score: 8 }, { rater: 'r2', score: 8 }, { rater: 'sim1', score: 9, simulated: true }] },
    ],
  },
  {
    id: 'Card002',
    options: [
      { ratings: [{ rater: 'r1', score: 5 }, { rater: 'r3', score: 6 }] },
      { ratings: [{ rater: 'r2', score: 7 }, { rater: 'r3', score: 7 }, { rater: 'sim1', score: 7, simulated: true }] },
    ],
  },
  {
    id: 'Neuro001',
    options: [
      { ratings: [{ rater: 'r1', score: 4 }, { rater: 'r2', score: 5 }, { rater: 'r3', score: 6 }] },
      { ratings: [{ rater: 'r1', score: 1 }, { rater: 'r2', score: 1 }, { rater: 'r3', score: 1 }] },
    ],
  },
];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A copy of the files with `path` edited, optionally with MANIFEST.sha256 written anew (to get past check 1). */
function edited(files: Map<string, Uint8Array>, edits: Record<string, (text: string) => string>, rehash = true): Map<string, Uint8Array> {
  const copy = new Map(files);
  for (const [path, edit] of Object.entries(edits)) {
    const before = strFromU8(copy.get(path)!);
    const after = edit(before);
    expect(after, `the edit of ${path} changes it`).not.toBe(before);
    copy.set(path, strToU8(after));
  }
  if (rehash) {
    const paths = strFromU8(files.get(MANIFEST)!).trimEnd().split('\n').map((line) => line.slice(66));
    copy.set(MANIFEST, strToU8(paths.map((path) => `${sha256(copy.get(path)!)}  ${path}\n`).join('')));
  }
  return copy;
}

const jsonLines = (text: string) => text.trimEnd().split('\n');
const problemsIn = (report: VerifyReport, file: string) => report.problems.filter((p) => p.file === file);

describe('verifyRelease', () => {
  let files: Map<string, Uint8Array>;
  beforeAll(async () => {
    files = await releaseFiles(testReleaseSource(CASES));
  });

  it('passes an untouched archive, with the release id the SHA-256 of its manifest', async () => {
    const report = await verifyRelease(files);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.releaseId).toBe(sha256(files.get(MANIFEST)!));
    expect(report.checked).toEqual({ files: files.size, options: 7, ratings: 19, adjudications: 1 });
  });

  it('passes an archive of the first format (lower-case CSV booleans), and checks its CSV against that spelling', async () => {
    const old = await releaseFiles(testReleaseSource(CASES, { release: { format: 'primum-release/1' } }));
    expect(strFromU8(old.get('ratings.csv')!)).toContain(',sim1,true,');
    const report = await verifyRelease(old);
    expect(report.problems).toEqual([]);
    // The current spelling in a first-format archive (manifest re-hashed) is named, cell by cell.
    const respelled = edited(old, { 'ratings.csv': (text) => text.replace(',sim1,true,', ',sim1,TRUE,') });
    expect((await verifyRelease(respelled)).problems).toContainEqual(expect.objectContaining({ file: 'ratings.csv', field: 'simulated', expected: 'true', found: 'TRUE' }));
  });

  it('checks an archive whose fixture has what the tests rely on', () => {
    const rows = jsonLines(strFromU8(files.get('options.jsonl')!)).map((line) => JSON.parse(line) as OptionRow);
    const row = (c: string, o: number) => rows.find((r) => r.case_id === c && r.option_id === o)!;
    expect(row('Card001', 1)).toMatchObject({ gold_score: 2.5, rubric_score: 3, gold_source: 'rule', zone: 'harm' });
    expect(row('Card001', 2)).toMatchObject({ gold_score: 2, gold_source: 'adjudicated', disagreement: true });
    expect(row('Neuro001', 1)).toMatchObject({ median: 5, n_ratings: 3 });
    // Booleans as primum-release/2 spells them in CSV, which R's read.csv reads as logical.
    expect(strFromU8(files.get('ratings.csv')!)).toContain(',sim1,TRUE,');
    expect(strFromU8(files.get('options.csv')!)).toContain('"Start aspirin, 81 mg ""daily"""');
  });

  it('names ratings.csv when one byte of it changed', async () => {
    const bytes = new Uint8Array(files.get('ratings.csv')!);
    const at = strFromU8(bytes).indexOf(',r2,FALSE,3,');
    bytes[at + ',r2,FALSE,'.length] = '4'.charCodeAt(0);
    const report = await verifyRelease(new Map(files).set('ratings.csv', bytes));
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ file: 'ratings.csv', field: 'sha256', expected: sha256(files.get('ratings.csv')!), found: sha256(bytes) }));
    expect(report.problems).toContainEqual(expect.objectContaining({ file: 'ratings.csv', case: 'Card001', option: 1, field: 'score', expected: '3', found: '4' }));
  });

  it('names the file, case, option, expected and found of an edited gold score', async () => {
    const tampered = edited(files, {
      'options.jsonl': (text) => text.replace(/("case_id":"Card001","specialty":"Card","option_id":3,.*?"gold_score":)8,/, '$17,'),
    });
    const report = await verifyRelease(tampered);
    expect(report.ok).toBe(false);
    expect(problemsIn(report, MANIFEST)).toEqual([]);
    expect(report.problems).toContainEqual(expect.objectContaining({ file: 'options.jsonl', case: 'Card001', option: 3, field: 'gold_score', expected: 8, found: 7 }));
    expect(report.problems.find((p) => p.field === 'gold_score')?.message).toBe('gold_score expected 8, found 7');
  });

  it('recomputes n_ratings and the median when a rating was removed from the rating files', async () => {
    // Neuro001#1 had 4, 5 and 6 (r3): without r3 its median is 4.5.
    const isGone = (line: string) => line.startsWith('Neuro001,1,r3,FALSE,6,') || line.startsWith('{"case_id":"Neuro001","option_id":1,"rater_id":"r3","simulated":false,"score":6,');
    const drop = (text: string) => text.split('\n').filter((line) => !isGone(line)).join('\n');
    const tampered = edited(files, { 'ratings.jsonl': drop, 'ratings.csv': drop });
    const report = await verifyRelease(tampered);
    expect(report.checked.ratings).toBe(18);
    expect(report.problems).toContainEqual(expect.objectContaining({ file: 'options.jsonl', case: 'Neuro001', option: 1, field: 'n_ratings', expected: 2, found: 3 }));
    expect(report.problems).toContainEqual(expect.objectContaining({ file: 'options.jsonl', case: 'Neuro001', option: 1, field: 'median', expected: 4.5, found: 5 }));
    expect(report.problems).toContainEqual(expect.objectContaining({ file: 'release.json', field: 'counts.ratings', expected: 18, found: 19 }));
    expect(problemsIn(report, 'agreement.json').length).toBeGreaterThan(0);
  });

  it('names the rubric, case and option of an edited rubric score, and nothing else', async () => {
    const tampered = edited(files, {
      'rubrics/Card001.json': (text) => {
        const rubric = JSON.parse(text) as { options: Array<{ id: number; score: number }> };
        rubric.options.find((o) => o.id === 3)!.score = 7;
        return `${JSON.stringify(rubric, null, 2)}\n`;
      },
    });
    const report = await verifyRelease(tampered);
    expect(report.problems).toEqual([
      { file: 'rubrics/Card001.json', case: 'Card001', option: 3, field: 'score', expected: 8, found: 7, message: 'score expected 8, found 7' },
    ]);
  });

  it('names the JSON path of a changed agreement figure, and nothing else', async () => {
    let original = 0;
    const tampered = edited(files, {
      'agreement.json': (text) => {
        const agreement = JSON.parse(text) as { overall: { alpha: { ordinal: number } } };
        original = agreement.overall.alpha.ordinal;
        agreement.overall.alpha.ordinal = original + 0.001;
        return `${JSON.stringify(agreement, null, 2)}\n`;
      },
    });
    const report = await verifyRelease(tampered);
    expect(report.problems).toEqual([expect.objectContaining({ file: 'agreement.json', field: 'overall.alpha.ordinal', expected: original, found: original + 0.001 })]);
  });

  it('names the csv and parquet copies that differ from the jsonl rows', async () => {
    const tampered = edited(files, {
      'options.csv': (text) => text.replace('"Start aspirin, 81 mg ""daily"""', '"Start aspirin, 81 mg daily"'),
    });
    tampered.set('options.parquet', files.get('ratings.parquet')!);
    const report = await verifyRelease(edited(tampered, {}));
    expect(report.problems).toEqual([
      expect.objectContaining({ file: 'options.csv', case: 'Card001', option: 1, field: 'text', expected: 'Start aspirin, 81 mg "daily"', found: 'Start aspirin, 81 mg daily' }),
      expect.objectContaining({ file: 'options.parquet', field: 'columns', found: 'case_id,option_id,rater_id,simulated,score,rated_at' }),
    ]);
  });

  it('names a parquet column whose type is not the format type', async () => {
    const rows = jsonLines(strFromU8(files.get('ratings.jsonl')!)).map((line) => JSON.parse(line) as RatingRow);
    const columns = RATING_COLUMNS.map((c) => (c.name === 'score' ? { ...c, kind: 'float' as const } : c));
    const chunks: Uint8Array[] = [];
    for await (const chunk of parquetChunks((async function* () { yield rows; })(), columns)) chunks.push(chunk);
    const report = await verifyRelease(edited(new Map(files).set('ratings.parquet', Buffer.concat(chunks)), {}));
    expect(report.problems).toEqual([expect.objectContaining({ file: 'ratings.parquet', field: 'score', message: 'score: type DOUBLE, expected INT32' })]);
  });

  it('accepts an option without gold only when an override of its case locked it', async () => {
    const report = await verifyRelease(
      await releaseFiles(
        testReleaseSource(
          [
            { id: 'Card001', options: [{ ratings: [{ rater: 'r1', score: 2 }], lockedByOverride: true }] },
            { id: 'Card002', options: [{ ratings: [{ rater: 'r1', score: 2 }] }] },
          ],
          { override: { reason: 'Card001 lost a rater.', given_by: 'C1', cases: ['Card001'] } },
        ),
      ),
    );
    expect(report.problems).toEqual([
      expect.objectContaining({ file: 'options.jsonl', case: 'Card002', option: 1, message: 'the option has no gold score but locked_by_override is false' }),
    ]);
  });

  it('says a release without its gold rule configuration cannot be recomputed', async () => {
    const tampered = edited(files, { 'release.json': (text) => text.replace(/"config": \{[^}]*\{[^}]*\}\s*\}/, '"config": null') });
    const report = await verifyRelease(tampered);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ file: 'release.json', field: 'gold_rule.config', message: expect.stringContaining('cannot be recomputed') }));
  });

  it('names a file the manifest does not list and a listed file that is missing', async () => {
    const extra = new Map(files).set('notes.txt', strToU8('hello\n'));
    extra.delete('rubrics/Card002.json');
    const report = await verifyRelease(extra);
    expect(report.problems).toContainEqual(expect.objectContaining({ file: 'notes.txt', message: 'not listed in MANIFEST.sha256' }));
    expect(report.problems).toContainEqual(expect.objectContaining({ file: 'rubrics/Card002.json', message: 'missing: listed in MANIFEST.sha256' }));
  });
});

describe('ProblemList', () => {
  it('lists at most PROBLEMS_PER_FILE problems of one file, then how many more there are', () => {
    const problems = new ProblemList();
    for (let i = 0; i < PROBLEMS_PER_FILE + 5; i++) problems.mismatch('agreement.json', `by_category[${i}].items`, i, i + 1);
    problems.add('options.csv', 'starts with a byte order mark');
    const all = problems.all();
    expect(problems.count).toBe(PROBLEMS_PER_FILE + 6);
    expect(all).toHaveLength(PROBLEMS_PER_FILE + 2);
    expect(all.at(-2)).toEqual({ file: 'options.csv', message: 'starts with a byte order mark' });
    expect(all.at(-1)).toEqual({ file: 'agreement.json', message: '5 more problems in this file not listed' });
  });
});
