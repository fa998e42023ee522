import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';
import { agreementCommand } from './agreement';

const dir = mkdtempSync(path.join(tmpdir(), 'primum-agreement-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function file(name: string, content: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}

/** Runs the command, capturing stdout (the command waits for its write callback). */
async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, ...rest: unknown[]) => {
    stdout += chunk;
    const callback = rest.find((r) => typeof r === 'function') as ((error?: Error) => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write);
  const code = await agreementCommand.run(args);
  return { code, stdout };
}

const CSV = ['rater,item,score,case', ...['o1:7 8 9:C1', 'o2:2 3 7:C1', 'o3:5 5 4:C2', 'o4:8 8 8:C2', 'o5:1 2 :C3'].flatMap((line) => {
  const [item, scores, kase] = line.split(':');
  return scores.split(' ').map((s, i) => `dr${i + 1},${item},${s},${kase}`);
})].join('\n');

describe('[CLI] primum agreement', () => {
  it('prints one JSON report for a CSV file, skipping the empty score', async () => {
    const { code, stdout } = await run([file('ratings.csv', CSV), '--bootstrap', '200', '--seed', '3']);
    expect(code).toBe(0);
    expect(stdout.endsWith('}\n')).toBe(true);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ items: 5, raters: 3, ratings: 14, domain: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
    expect(report.ci).toMatchObject({ replicates: 200, seed: 3, resampled: 'clusters', units: 3 });
    expect(report.per_item.find((i: { item: string }) => i.item === 'o2')).toMatchObject({ median: 3, disagreement: true });
    expect(report.cohen_kappa.map((p: { a: string; b: string }) => `${p.a}-${p.b}`)).toEqual(['dr1-dr2', 'dr1-dr3', 'dr2-dr3']);
  });

  it('reads JSONL with the same result, and --bootstrap 0 turns the intervals off', async () => {
    const jsonl = CSV.split('\n').slice(1).map((line) => {
      const [rater, item, score, kase] = line.split(',');
      return JSON.stringify({ item, rater, score: score === '' ? null : Number(score), case: kase });
    });
    const fromCsv = JSON.parse((await run([file('a.csv', CSV), '--bootstrap', '0'])).stdout);
    const fromJsonl = JSON.parse((await run([file('a.data', jsonl.join('\n')), '--bootstrap', '0'])).stdout);
    expect(fromJsonl).toEqual(fromCsv);
    expect(fromCsv.ci).toBeNull();
  });

  it('honours --scale for validation and weights', async () => {
    const { stdout } = await run([file('six.csv', 'item,rater,score\no1,a,6\no1,b,5\n'), '--scale', '1-6', '--bootstrap', '0']);
    expect(JSON.parse(stdout).domain).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects malformed input with the file, line and problem, printing nothing', async () => {
    const bad = file('bad.csv', 'item,rater,score\no1,a,7\no1,b,12\n');
    const write = vi.spyOn(process.stdout, 'write');
    await expect(agreementCommand.run([bad])).rejects.toThrow(new AppError('INVALID_INPUT', `${bad}: line 3: score must be an integer from 1 to 9`));
    expect(write).not.toHaveBeenCalled();
  });

  it.each([
    [[], 'agreement needs exactly one <file> (see --help)'],
    [['x.csv', '--bootstrap=-1'], '--bootstrap must be a non-negative integer, got "-1"'],
    [['x.csv', '--seed', '1.5'], '--seed must be a non-negative integer, got "1.5"'],
    [['x.csv', '--scale', '1:9'], '--scale must be MIN-MAX with MIN < MAX, at most 100 values, got "1:9"'],
    [[path.join(dir, 'missing.csv')], `${path.join(dir, 'missing.csv')}: no such file`],
  ])('rejects bad usage %j', async (args, message) => {
    const error = await agreementCommand.run(args).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_INPUT');
    expect((error as AppError).message).toBe(message);
  });

  it('rejects an unknown flag through the shared argument parser', async () => {
    await expect(agreementCommand.run(['x.csv', '--replicates', '5'])).rejects.toBeInstanceOf(AppError);
  });

  it('prints its help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npx primum agreement <file> [--scale 1-9] [--bootstrap 1000] [--seed 1]');
  });
});
