import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseZipStream } from '@/lib/releases/archive/zip';
import { testReleaseSource } from '@/lib/releases/test-source';
import { runPrimum } from '@/test/cli';

// `primum verify` needs no database: these run the real CLI (bin/primum.mjs) on files in a temp folder.
// Starting tsx in a child takes seconds on a loaded machine: the default 5 s would be a wall-clock limit.
const SLOW = 120_000;

const run = (...args: string[]) => runPrimum(['verify', ...args]);

describe('npx primum verify', () => {
  let dir: string;
  let zip: Uint8Array;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'primum-verify-'));
    const source = testReleaseSource([
      { id: 'Card001', options: [{ ratings: [{ rater: 'r1', score: 2 }, { rater: 'r2', score: 3 }] }, { ratings: [{ rater: 'r1', score: 8 }, { rater: 'sim1', score: 9, simulated: true }] }] },
      { id: 'Pulm001', options: [{ ratings: [{ rater: 'r1', score: 5 }, { rater: 'r2', score: 5 }, { rater: 'r3', score: 6 }] }] },
    ]);
    zip = new Uint8Array(await new Response(releaseZipStream(source, 'test-study-v1').stream).arrayBuffer());
    writeFileSync(path.join(dir, 'good.zip'), zip);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on an untouched zip and prints the release id and counts', { timeout: SLOW }, async () => {
    const result = await run(path.join(dir, 'good.zip'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^verified: release [0-9a-f]{64} \(test-study v1\): 13 files, 3 options, 7 ratings, agreement recomputed\n$/);
    expect(result.code).toBe(0);
  });

  it('exits 0 on the unpacked folder too, and --json prints the report', { timeout: SLOW }, async () => {
    for (const [name, bytes] of Object.entries(unzipSync(zip))) {
      mkdirSync(path.dirname(path.join(dir, 'unpacked', name)), { recursive: true });
      writeFileSync(path.join(dir, 'unpacked', name), bytes);
    }
    const result = await run(path.join(dir, 'unpacked'), '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, problems: [], checked: { files: 13, options: 3, ratings: 7, adjudications: 0 } });
    expect(result.code).toBe(0);
  });

  it('exits 1 and names the file, case, option, expected and found of an edited rubric score', { timeout: SLOW }, async () => {
    const entries = unzipSync(zip);
    const name = 'test-study-v1/rubrics/Card001.json';
    entries[name] = strToU8(strFromU8(entries[name]).replace('"score": 3', '"score": 2'));
    writeFileSync(path.join(dir, 'tampered.zip'), zipSync(entries));
    const result = await run(path.join(dir, 'tampered.zip'));
    expect(result.stdout).toContain('rubrics/Card001.json: content differs from MANIFEST.sha256: sha256 expected');
    expect(result.stdout).toContain('rubrics/Card001.json: case Card001 option 1: score expected 3, found 2\n');
    expect(result.stdout).toMatch(/verify failed: 2 problem line\(s\) for release [0-9a-f]{64}\n$/);
    expect(result.code).toBe(1);
  });

  it('exits 2 with a clear message on a file that is not a zip', { timeout: SLOW }, async () => {
    writeFileSync(path.join(dir, 'notes.zip'), 'not a zip\n');
    const result = await run(path.join(dir, 'notes.zip'));
    expect(result.stderr).toMatch(/^primum: .*notes\.zip: not a zip archive/);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });
});
