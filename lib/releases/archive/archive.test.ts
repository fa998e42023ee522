import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { releaseFiles, releaseManifest, releaseZipStream } from './index';
import { testRelease, RAW_RUBRICS } from './test-release';
import type { ReleaseSource } from './types';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function zipOf(source: ReleaseSource, folder = 'study-v2') {
  const { stream, summary } = releaseZipStream(source, folder);
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return { bytes, summary: await summary };
}

const FIXED_FILES = [
  'README.md', 'release.json', 'agreement.json',
  'options.csv', 'options.jsonl', 'options.parquet',
  'ratings.csv', 'ratings.jsonl', 'ratings.parquet',
  'adjudications.jsonl',
  'rubrics/All001.json', 'rubrics/Card002.json', 'rubrics/Card010.json',
  'MANIFEST.sha256',
];

describe('release archive', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('gives the same zip bytes on every run, for any batching of the cases, in any time zone', async () => {
    const first = await zipOf(testRelease({ batchSize: 1 }));
    const second = await zipOf(testRelease({ batchSize: 1 }));
    const oneBatch = await zipOf(testRelease({ batchSize: 3 }));
    process.env.TZ = 'Pacific/Chatham';
    const elsewhere = await zipOf(testRelease({ batchSize: 2 }));
    expect(first.bytes.length).toBeGreaterThan(1000);
    expect(sha(second.bytes)).toBe(sha(first.bytes));
    expect(sha(oneBatch.bytes)).toBe(sha(first.bytes));
    expect(sha(elsewhere.bytes)).toBe(sha(first.bytes));
  });

  it('writes the bytes it wrote when this test was written, in both formats: a locked release must export the same bytes for ever', async () => {
    // If this fails, a change altered what an already locked release exports (its download would then
    // fail the check against its recorded id). Change the archive's bytes only under a new format.
    expect(sha((await zipOf(testRelease({ format: 'primum-release/1' }))).bytes)).toBe('fbac99a78c1bb0c5a6aedaf4089497ef37b9185c2a7d4fdc24425431f1c52809');
    expect(sha((await zipOf(testRelease({ format: 'primum-release/2' }))).bytes)).toBe('5dd37307724c2474f88749c03a2b99d53bf987a047aa753d3e943983738b4f55');
  });

  it('unzips to exactly the files, in the format order, under the release folder', async () => {
    const source = testRelease();
    const { bytes } = await zipOf(source);
    const unzipped = unzipSync(bytes);
    expect(Object.keys(unzipped)).toEqual(FIXED_FILES.map((path) => `study-v2/${path}`));
    const files = await releaseFiles(testRelease());
    for (const path of FIXED_FILES) expect(sha(unzipped[`study-v2/${path}`]), path).toBe(sha(files.get(path)!));
  });

  it('has one manifest: releaseManifest, the zip summary and the files agree, and the release id is the manifest hash', async () => {
    const manifest = await releaseManifest(testRelease());
    const { summary } = await zipOf(testRelease({ batchSize: 2 }));
    const files = await releaseFiles(testRelease({ batchSize: 3 }));
    expect(summary).toEqual(manifest);
    expect(manifest.files.map((f) => f.path)).toEqual(FIXED_FILES);
    expect([...files.keys()]).toEqual(FIXED_FILES);
    for (const file of manifest.files) {
      expect(file.sha256, file.path).toBe(sha(files.get(file.path)!));
      expect(file.size, file.path).toBe(files.get(file.path)!.length);
    }
    const lines = strFromU8(files.get('MANIFEST.sha256')!);
    const expected = FIXED_FILES.slice(0, -1).map((path) => `${sha(files.get(path)!)}  ${path}\n`).join('');
    expect(lines).toBe(expected);
    expect(manifest.manifestSha256).toBe(sha(files.get('MANIFEST.sha256')!));
    expect(manifest.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the cases once for every file, the manifest and the zip alike', async () => {
    const source = testRelease();
    await releaseManifest(source);
    expect(source.reads()).toBe(1);
    await zipOf(source);
    expect(source.reads()).toBe(2);
  });

  it('writes release.json in the declared key order with the agreement reduced to a summary', async () => {
    const source = testRelease();
    const files = await releaseFiles(source);
    const text = strFromU8(files.get('release.json')!);
    const release = JSON.parse(text);
    expect(Object.keys(release)).toEqual([
      'format', 'project', 'version', 'created_at', 'license', 'gold_rule', 'override', 'counts', 'specialties', 'cases', 'previous_version', 'agreement_summary',
    ]);
    const { agreement, ...rest } = source.meta;
    expect(agreement).toBeDefined();
    for (const [key, value] of Object.entries(rest)) expect(release[key], key).toEqual(value);
    const { overall } = source.meta.agreement;
    expect(release.agreement_summary).toEqual({
      alpha_ordinal: overall.alpha.ordinal,
      alpha_ordinal_ci: overall.ci?.alpha.ordinal ? [overall.ci.alpha.ordinal.lower, overall.ci.alpha.ordinal.upper] : null,
      items: overall.items,
      raters: overall.raters,
      ratings: overall.ratings,
    });
    expect(release.override.reason).toBe(source.meta.override!.reason);
    expect(text.endsWith('}\n')).toBe(true);
    expect(strFromU8(files.get('agreement.json')!)).toBe(`${JSON.stringify(source.meta.agreement, null, 2)}\n`);
  });

  it('writes each rubric as imported, every key in its order, with score = the integer rubric score', async () => {
    const source = testRelease();
    const files = await releaseFiles(source);
    for (const data of source.data) {
      const id = data.stored.externalId;
      const raw = RAW_RUBRICS[id] as { options: Array<Record<string, unknown>> };
      const scores = new Map(data.options.map((o) => [o.option_id, o.rubric_score]));
      const expected = {
        ...raw,
        options: raw.options.map((option) => {
          const score = scores.get(option.id as number) ?? null;
          if ('score' in option || score !== null) return Object.fromEntries(Object.entries({ ...option, score }));
          return option;
        }),
      };
      const text = strFromU8(files.get(`rubrics/${id}.json`)!);
      expect(text, id).toBe(`${JSON.stringify(expected, null, 2)}\n`);
      for (const option of JSON.parse(text).options) if (option.score !== null) expect(Number.isInteger(option.score)).toBe(true);
    }
    const card002 = JSON.parse(strFromU8(files.get('rubrics/Card002.json')!));
    expect(card002.options.map((o: { score: number | null }) => o.score)).toEqual([expect.any(Number), 6, 2]);
    const card010 = JSON.parse(strFromU8(files.get('rubrics/Card010.json')!));
    expect(card010.options[1].score).toBeNull();
  });

  it('refuses cases that come out of case-id order', async () => {
    const source = testRelease();
    const unordered: ReleaseSource = {
      meta: source.meta,
      async *cases() {
        yield [source.data[1], source.data[0]];
      },
    };
    await expect(releaseManifest(unordered)).rejects.toThrow(/out of order/);
  });

  it('makes the zip only as fast as it is read, and stops when the download is cancelled', async () => {
    const source = testRelease();
    const { stream, summary } = releaseZipStream(source, 'study-v2');
    const reader = stream.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Still in the first files (the card, release.json): the cases were not read ahead of the reader.
    expect(source.reads()).toBe(0);
    await reader.cancel();
    await expect(summary).rejects.toThrow();
    expect(source.reads()).toBe(0);
  });

  it('with the recorded release id, serves the whole zip when it matches and fails before the end when it does not', async () => {
    const { summary } = await zipOf(testRelease({ batchSize: 2 }));
    const matching = releaseZipStream(testRelease({ batchSize: 2 }), 'study-v2', { expectedId: summary.manifestSha256 });
    const bytes = new Uint8Array(await new Response(matching.stream).arrayBuffer());
    expect(Object.keys(unzipSync(bytes))).toHaveLength(FIXED_FILES.length);
    const other = 'f'.repeat(64);
    const mismatch = releaseZipStream(testRelease({ batchSize: 2 }), 'study-v2', { expectedId: other });
    await expect(new Response(mismatch.stream).arrayBuffer()).rejects.toThrow(`release ${other} no longer exports to the bytes recorded at lock`);
    await expect(mismatch.summary).rejects.toThrow(summary.manifestSha256);
  });
});
