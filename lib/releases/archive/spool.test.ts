import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { releaseFiles, releaseManifest, releaseZipStream } from './index';
import { testRelease } from './test-release';
import type { ReleaseSource } from './types';

/**
 * The one pass spools the data files to a temporary folder under os.tmpdir(): these tests point
 * TMPDIR at a folder of their own and check that nothing is left there however the archive ends.
 */
describe('release spool', () => {
  const originalTmp = process.env.TMPDIR;
  let folder = '';
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'primum-spool-test-'));
    process.env.TMPDIR = folder;
  });
  afterEach(() => {
    if (originalTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = originalTmp;
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes the data files through temporary files and deletes them once the zip is complete', async () => {
    const source = testRelease();
    const { stream } = releaseZipStream(source, 'study-v2');
    const reader = stream.getReader();
    let spooled = false;
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      // While the data files are copied into the zip, their temporary folder exists.
      if (source.reads() === 1 && readdirSync(folder).length === 1) spooled = true;
    }
    expect(spooled).toBe(true);
    expect(readdirSync(folder)).toEqual([]);
    const zip = unzipSync(new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer()));
    expect(strFromU8(zip['study-v2/ratings.csv']).split('\n')[0]).toBe('case_id,option_id,rater_id,simulated,score,rated_at');
  });

  it('deletes the temporary files when the download is cancelled part way through the data files', async () => {
    const source = testRelease();
    const { stream, summary } = releaseZipStream(source, 'study-v2');
    const reader = stream.getReader();
    while (source.reads() === 0) await reader.read();
    expect(readdirSync(folder)).toHaveLength(1);
    await reader.cancel();
    await expect(summary).rejects.toThrow();
    expect(readdirSync(folder)).toEqual([]);
  });

  it('deletes the temporary files when the source fails part way through', async () => {
    const good = testRelease();
    const failing: ReleaseSource = {
      meta: good.meta,
      async *cases() {
        yield [good.data[0]];
        throw new Error('the database went away');
      },
    };
    await expect(releaseFiles(failing)).rejects.toThrow('the database went away');
    expect(readdirSync(folder)).toEqual([]);
    const { stream, summary } = releaseZipStream(failing, 'study-v2');
    await expect(new Response(stream).arrayBuffer()).rejects.toThrow('the database went away');
    await expect(summary).rejects.toThrow('the database went away');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('makes the manifest without any temporary file, with the hashes of the spooled files', async () => {
    const manifest = await releaseManifest(testRelease());
    expect(readdirSync(folder)).toEqual([]);
    const files = await releaseFiles(testRelease({ batchSize: 2 }));
    expect(manifest.files.map((f) => [f.path, f.size])).toEqual([...files].map(([path, bytes]) => [path, bytes.length]));
  });
});
