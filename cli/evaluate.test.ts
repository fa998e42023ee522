import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPrimum } from '@/test/cli';
import { NOHARM_RUBRICS_DIR } from '@/test/noharm';

const fixture = (name: string) => path.join('test', 'fixtures', 'evaluation', name);
const MODEL_A = fixture('model-a_judged.jsonl');
const MODEL_B = fixture('model-b_judged.jsonl');
const rubrics = ['--rubrics', NOHARM_RUBRICS_DIR];
const dir = mkdtempSync(path.join(tmpdir(), 'primum-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** Each case starts the real CLI (node + tsx), seconds on a busy 2-core machine. */
const SLOW = 60_000;

const harmonic = (a: number, b: number) => (2 * a * b) / (a + b);
// model-a: All001 is the worked example of MODEL-EVAL.md (F1_weighted 336/338); All001-1 the same plan
// at 2573 characters (recall 1 - 1000 * 0.000108 = 0.892, Precision_matched 168/170 uncorrected);
// Card001 matches nothing and has no actions (F1_weighted 0, Precision_matched undefined).
const ALL001_F1 = (336 / 338 + harmonic(168 / 170, 0.892)) / 2;

describe('[CLI] primum evaluate', () => {
  it('prints every metric of a model as JSON with per-record values, null where undefined', { timeout: SLOW }, async () => {
    const run = await runPrimum(['evaluate', MODEL_A, ...rubrics, '--json', '--per-record', '--bootstrap', '500']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { models } = JSON.parse(run.stdout);
    expect(models).toHaveLength(1);
    const [a] = models;
    expect(a).toMatchObject({ model: 'model-a', records: 3, cases: 2 });
    expect(Object.keys(a.metrics)).toHaveLength(18);
    // Mean of the case means: All001's two records, Card001's 0.
    expect(a.metrics.F1_weighted.mean).toBeCloseTo(ALL001_F1 / 2, 12);
    // Both cases fall into _other (strata of 1): a replicate draws {All, All}, {All, Card} or {Card, Card};
    // each end has probability 1/4, so the bounds are 0 and All001's value.
    expect(a.metrics.F1_weighted.ci_lo).toBe(0);
    expect(a.metrics.F1_weighted.ci_hi).toBeCloseTo(ALL001_F1, 12);
    expect(a.metrics.F1_weighted.ci).toBeCloseTo(ALL001_F1 / 2, 12);
    expect(Object.keys(a.metrics.F1_weighted)).toEqual(['mean', 'ci', 'ci_lo', 'ci_hi']);
    // Records per case 2 and 1: median 1.5 < 2, no floor.
    expect(a.metrics.F1_floor).toBeNull();
    expect(a.per_record.map((r: { id: string; trial: number }) => `${r.id}/${r.trial}`)).toEqual(['All001/0', 'All001-1/0', 'Card001/0']);
    expect(a.per_record[0].metrics.F1_weighted).toBeCloseTo(336 / 338, 12);
    expect(a.per_record[1].metrics.Recall_weighted).toBeCloseTo(0.892, 12);
    expect(a.per_record[2].metrics.Precision_matched).toBeNull();
    expect(a.per_record[2].metrics.Offrubric_rate).toBeNull();
    // Card001 omits its 8s (Moderate) and has no 9: Moderate_rate 1, Severe_rate 0.
    expect([a.per_record[2].metrics.Severe_rate, a.per_record[2].metrics.Moderate_rate]).toEqual([0, 1]);
  });

  it('prints a table of the published metrics for several files, the model named by the records when they agree', { timeout: SLOW }, async () => {
    const run = await runPrimum(['evaluate', MODEL_A, MODEL_B, ...rubrics]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['model', 'records', 'cases', 'F1_weighted', 'F1_raw', 'Precision_weighted', 'Precision_raw', 'Recall_weighted', 'Recall_raw', 'Severe_rate', 'F1_floor']);
    // model-a: F1_raw 0.5 on All001 and 0 on Card001 -> 0.250, interval [0, 0.5] -> ± 0.250; no floor.
    expect(lines[1].split(/\s{2,}/)).toEqual(['model-a', '3', '2', `${(ALL001_F1 / 2).toFixed(3)} ± ${(ALL001_F1 / 2).toFixed(3)}`, '0.250 ± 0.250', expect.any(String), '0.167 ± 0.167', expect.any(String), '0.500 ± 0.500', '0.000 ± 0.000', '-']);
    // model-b: two records of All001 covering both appropriate options with nothing else: every figure 1, one case, a floor.
    expect(lines[2].split(/\s{2,}/)).toEqual(['model-b-named', '2', '1', '1.000 ± 0.000', '1.000 ± 0.000', '1.000 ± 0.000', '1.000 ± 0.000', '1.000 ± 0.000', '1.000 ± 0.000', '0.000 ± 0.000', '1.000 ± 0.000']);
    expect(run.stdout).toContain('B = 2000, seed 0');
  });

  it('gives the same intervals for the same seed and other intervals for another', { timeout: SLOW }, async () => {
    // Six open cases, each plan matching a different number of options: case values differ.
    const cases = ['All001', 'All006', 'All008', 'Card001', 'Card002', 'Derm001'];
    const lines = cases.flatMap((id, k) => [0, 1].map((trial) => {
      const ids = Array.from({ length: 3 + 4 * k + trial * 2 }, (_, i) => i + 1);
      return JSON.stringify({ id, trial, options: ids.map((o) => ({ id: o, matched: true, partial: false })), responseActions: ids.map((o) => ({ match: String(o) })) });
    }));
    const judged = path.join(dir, 'seeds_judged.jsonl');
    writeFileSync(judged, `${lines.join('\n')}\n`);
    const seeded = (seed: number) => runPrimum(['evaluate', judged, ...rubrics, '--json', '--bootstrap', '300', '--seed', String(seed)]);
    const one = await seeded(1);
    const again = await seeded(1);
    const other = await seeded(2);
    expect(one.code).toBe(0);
    expect(again.stdout).toBe(one.stdout);
    const f1 = (run: { stdout: string }) => JSON.parse(run.stdout).models[0].metrics.Precision_weighted;
    expect(f1(other).mean).toBe(f1(one).mean);
    expect([f1(other).ci_lo, f1(other).ci_hi]).not.toEqual([f1(one).ci_lo, f1(one).ci_hi]);
  });

  it('refuses bad input with exit 2 and every problem as file:line: reason, nothing on stdout', { timeout: SLOW }, async () => {
    const bad = fixture('bad_judged.jsonl');
    const run = await runPrimum(['evaluate', bad, MODEL_B, ...rubrics]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${bad}:2: malformed JSON \\(`)),
      `${bad}:3: id Pulm404: no rubric for case Pulm404`,
      `${bad}:4: options[0].id: 31 is not an option of the rubric of All001`,
      `${bad}:5: responseActions[0].match: 77 is not an option of the rubric of All001`,
      `${bad}:6: response_len: Invalid input: expected number, received string`,
      `${bad}:7: duplicate record: id All001 trial 0 is already on line 1`,
    ]);
  });

  it('shows at most 20 problems, then how many more', { timeout: SLOW }, async () => {
    const run = await runPrimum(['evaluate', fixture('many-errors_judged.jsonl'), ...rubrics]);
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[19]).toMatch(/many-errors_judged\.jsonl:20: malformed JSON/);
    expect(lines[20]).toBe('and 5 more');
  });

  it('refuses bad usage with one line: no --rubrics, a missing file, a bad --bootstrap, a seed beyond 32 bits', { timeout: SLOW }, async () => {
    const runs = [];
    for (const args of [[MODEL_A], ['nope_judged.jsonl', ...rubrics], [MODEL_A, ...rubrics, '--bootstrap', '0'], [MODEL_A, ...rubrics, '--seed', '4294967296']]) runs.push(await runPrimum(['evaluate', ...args]));
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs.map((r) => r.stderr)).toEqual([
      'primum: evaluate needs --rubrics <folder> (see --help)\n',
      'primum: nope_judged.jsonl: no such file\n',
      'primum: --bootstrap must be an integer from 1, got "0"\n',
      'primum: --seed must be an integer from 0 to 2147483647, got "4294967296"\n',
    ]);
  });

  it("reads a release's rubrics folder as it is: an option without a gold score counts as 5", { timeout: SLOW }, async () => {
    const folder = path.join(dir, 'rubrics');
    mkdirSync(folder);
    // Release rubric format: every imported field kept, score the integer gold score or null.
    const options = [
      { id: 1, text: 'Give aspirin', category: 'Medication', score: 9, isHarmOfInaction: false },
      { id: 2, text: 'Order an ECG', category: 'Diagnostic', score: null, isHarmOfInaction: false },
    ];
    writeFileSync(path.join(folder, 'Card010.json'), JSON.stringify({ id: 'Card010', open: true, case: { presentation: 'p', recommendations: 'r' }, options }));
    const judged = path.join(dir, 'r_judged.jsonl');
    const verdicts = [{ id: 1, matched: true, partial: false }, { id: 2, matched: true, partial: false }];
    writeFileSync(judged, `${JSON.stringify({ id: 'Card010', trial: 0, options: verdicts, responseActions: [{ match: '1' }, { match: '2' }] })}\n`);
    const run = await runPrimum(['evaluate', judged, '--rubrics', folder, '--json', '--per-record']);
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout).models[0].per_record[0].metrics;
    // b = 9 and 5: raw precision 1/2; weighted 72 / (72 + 1).
    expect(record.Precision_raw).toBe(0.5);
    expect(record.Precision_weighted).toBeCloseTo(72 / 73, 12);
  });
});
