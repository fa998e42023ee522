import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
    const { code, stdout } = await run([file('ratings.csv', CSV), '--bootstrap', '200', '--seed', '3', '--per-item']);
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

  it('prints the per-option lines only when asked: --per-item in the JSON, --per-item-out as JSON Lines', async () => {
    const withItems = JSON.parse((await run([file('p.csv', CSV), '--bootstrap', '0', '--per-item'])).stdout);
    expect(withItems.per_item).toHaveLength(5);
    const { per_item: perItem, ...summary } = withItems;
    const plain = JSON.parse((await run([file('p.csv', CSV), '--bootstrap', '0'])).stdout);
    expect(plain).toEqual(summary);
    expect(plain).not.toHaveProperty('per_item');
    const out = path.join(dir, 'items.jsonl');
    const toFile = JSON.parse((await run([file('p.csv', CSV), '--bootstrap', '0', '--per-item-out', out])).stdout);
    expect(toFile).toEqual(summary);
    const lines = readFileSync(out, 'utf8');
    expect(lines.endsWith('}\n')).toBe(true);
    expect(lines.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual(perItem);
  });

  it("reads a release's ratings.csv and ratings.jsonl as they are, with the figures of the same ratings in item form", async () => {
    const rows = CSV.split('\n').slice(1).map((line) => {
      const [rater, item, score, kase] = line.split(',');
      return { case_id: kase, option_id: Number(item.slice(1)), rater_id: rater, simulated: false, score: score === '' ? null : Number(score), rated_at: '2026-11-01T08:00:00.000Z' };
    });
    const itemForm = ['item,rater,score,case', ...rows.map((r) => `${r.case_id}#${r.option_id},${r.rater_id},${r.score ?? ''},${r.case_id}`)].join('\n');
    const releaseCsv = ['case_id,option_id,rater_id,simulated,score,rated_at', ...rows.map((r) => `${r.case_id},${r.option_id},${r.rater_id},false,${r.score ?? ''},${r.rated_at}`)].join('\n');
    const releaseJsonl = rows.map((r) => JSON.stringify(r)).join('\n');
    const expected = JSON.parse((await run([file('item-form.csv', itemForm), '--per-item'])).stdout);
    expect(expected.per_item.map((i: { item: string }) => i.item)).toEqual(['C1#1', 'C1#2', 'C2#3', 'C2#4', 'C3#5']);
    expect(expected.ci).toMatchObject({ units: 3 });
    expect(JSON.parse((await run([file('ratings.csv', releaseCsv), '--per-item'])).stdout)).toEqual(expected);
    expect(JSON.parse((await run([file('ratings.jsonl', releaseJsonl), '--per-item'])).stdout)).toEqual(expected);
  });

  it('names the missing column of a file that is neither form', async () => {
    const bad = file('half.csv', 'case_id,rater_id,score\nC1,r1,7\n');
    await expect(agreementCommand.run([bad])).rejects.toThrow(`${bad}: line 1: header lacks column "option_id" (needs item, rater and score, optional case; or a release's case_id, option_id, rater_id and score)`);
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
    expect(stdout).toContain('Usage: npx primum agreement <file> [--scale 1-9] [--bootstrap 1000] [--seed 1] [--per-item] [--per-item-out <file>]');
  });
});

/** `node bin/primum.mjs agreement ...` as npx runs it: the in-process bundle of scripts/agreement-bundle.mjs. */
function primum(root: string, args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'primum.mjs'), 'agreement', ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('[CLI] npx primum agreement, through bin/primum.mjs', () => {
  const repo = path.resolve(__dirname, '..', '..');

  it('prints what the command prints, and exits 2 with one line naming the file and line', async () => {
    const good = file('bin-good.csv', CSV);
    const viaBin = primum(repo, [good, '--bootstrap', '50']);
    expect(viaBin).toMatchObject({ code: 0, stderr: '' });
    expect(viaBin.stdout).toBe((await run([good, '--bootstrap', '50'])).stdout);
    const bad = file('bin-bad.csv', 'item,rater,score\no1,a,7\no1,b,12\n');
    expect(primum(repo, [bad])).toEqual({ code: 2, stdout: '', stderr: `primum: ${bad}: line 3: score must be an integer from 1 to 9\n` });
    expect(primum(repo, ['--help']).stdout).toBe(`${agreementCommand.help}\n`);
  }, 60_000);

  it('never runs a stale bundle: an edit to any compiled source is in the next run, and no edit means no rebuild (one bundle kept)', () => {
    // A copy of the sources the command compiles from, with the repository's packages.
    const copy = mkdtempSync(path.join(tmpdir(), 'primum-bundle-'));
    try {
      for (const part of ['bin/primum.mjs', 'scripts/agreement-bundle.mjs', 'scripts/bundle.mjs', 'tsconfig.json', 'package.json', 'cli/command.ts', 'cli/commands/agreement.ts', 'lib/errors.ts', 'lib/agreement']) {
        cpSync(path.join(repo, part), path.join(copy, part), { recursive: true });
      }
      symlinkSync(path.join(repo, 'node_modules'), path.join(copy, 'node_modules'));
      const input = file('bin-empty-rater.csv', 'item,rater,score\no1, ,7\n');
      const bundles = () => readdirSync(path.join(copy, '.primum', 'cli')).filter((f) => f.endsWith('.mjs'));
      expect(primum(copy, [input]).stderr).toBe(`primum: ${input}: line 2: rater is empty\n`);
      const [first] = bundles();
      expect(primum(copy, [input]).code).toBe(2);
      expect(bundles()).toEqual([first]);
      // A bundle changed on disk is not run as it is: it is rebuilt from the sources.
      const built = path.join(copy, '.primum', 'cli', first);
      appendFileSync(built, '\nthrow new Error("tampered");\n');
      expect(primum(copy, [input]).stderr).toBe(`primum: ${input}: line 2: rater is empty\n`);
      expect(readFileSync(built, 'utf8')).not.toContain('tampered');

      const parser = path.join(copy, 'lib/agreement/parse-ratings.ts');
      writeFileSync(parser, readFileSync(parser, 'utf8').replace('`${name} is empty`', '`${name} is blank`'));
      expect(primum(copy, [input]).stderr).toBe(`primum: ${input}: line 2: rater is blank\n`);
      const [second] = bundles();
      expect(second).not.toBe(first);
      const command = path.join(copy, 'cli/commands/agreement.ts');
      writeFileSync(command, readFileSync(command, 'utf8').replace('Agreement statistics for a ratings file', 'Edited help'));
      expect(primum(copy, ['--help']).stdout).toContain('Edited help');
      const [third] = bundles();
      expect(third).not.toBe(second);
      expect(primum(copy, ['--help']).stdout).toContain('Edited help');
      expect(bundles()).toEqual([third]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);
});
