import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { submitRating } from '@/lib/ratings/service';
import { releaseZipStream } from '@/lib/releases/archive';
import { releaseIdOf } from '@/lib/releases/export';
import { exportInWorker, exportLoad, MAX_CONCURRENT_EXPORTS } from '@/lib/releases/export-worker';
import { WINDOW } from '@/lib/releases/export-worker/protocol';
import { lockRelease } from '@/lib/releases/service';
import { releaseSource } from '@/lib/releases/source';
import { viaPrisma } from '@/lib/releases/sql';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

const SLUG = 'export-worker';
const bytesOf = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

/** process.env.TZ for the duration of `run` (a worker takes the environment it is started with). */
async function inTimeZone<T>(zone: string, run: () => Promise<T>): Promise<T> {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

describe('the release export in a worker thread (real PostgreSQL, real worker)', () => {
  let releaseId: string;
  let recordedId: string;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'primum-export-worker-test-'));

  beforeAll(async () => {
    const coordinator = await makeUser('COORDINATOR');
    const raters = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card'])];
    await importNoharm(SLUG, ['Card001'], coordinator.id);
    const options = await optionsOf('Card001', SLUG);
    for (const [r, rater] of raters.entries()) for (const [i, option] of options.entries()) await submitRating({ user: rater, optionId: option.id, score: ((i * 7 + r) % 9) + 1 });
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: SLUG } })).id;
    const locked = await lockRelease({ actorId: coordinator.id, projectId, cases: ['Card001'], override: 'Disagreements are not adjudicated in this test.' });
    releaseId = locked.releaseId;
    recordedId = (await releaseIdOf(releaseId))!;
    expect(recordedId).toMatch(/^[0-9a-f]{64}$/);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives the bytes the lock recorded, as the in-process archive does, even in a time zone other than UTC', async () => {
    const inProcess = releaseZipStream(await releaseSource(viaPrisma(getDb()), releaseId), `${SLUG}-v1`);
    const expected = await bytesOf(inProcess.stream);
    expect((await inProcess.summary).manifestSha256).toBe(recordedId);
    // The worker reads through node-postgres, which would read Prisma's UTC timestamps as local time.
    const exported = await inTimeZone('America/New_York', () => exportInWorker({ releaseId, expectedId: recordedId }));
    expect(exported.folder).toBe(`${SLUG}-v1`);
    const chunks: Uint8Array[] = [];
    const reader = exported.stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    expect(Buffer.concat(chunks).equals(expected)).toBe(true);
    // More chunks than the worker may send ahead of the reader (protocol.ts WINDOW): the next test cancels in the middle.
    expect(chunks.length).toBeGreaterThan(2 * WINDOW);
    expect((await exported.summary).manifestSha256).toBe(recordedId);
    expect(await exported.exited).toBe(0);
  });

  it('a cancelled download stops the worker, which deletes its temporary files', async () => {
    const spoolRoot = mkdtempSync(path.join(tmp, 'spool-'));
    const exported = await inTimeZone('UTC', async () => {
      const before = process.env.TMPDIR;
      process.env.TMPDIR = spoolRoot;
      try {
        return await exportInWorker({ releaseId, expectedId: recordedId });
      } finally {
        if (before === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = before;
      }
    });
    const reader = exported.stream.getReader();
    const spools = () => readdirSync(spoolRoot).filter((name) => name.startsWith('primum-release-'));
    // The meta files come first, then the data files from the spool: read until the spool is in use
    // (the worker runs at most WINDOW chunks ahead, so it cannot have finished by then).
    let read = 0;
    while (spools().length === 0) {
      const next = await reader.read();
      expect(next.done).toBe(false);
      read += 1;
    }
    expect(spools()).toHaveLength(1);
    expect(read).toBeGreaterThan(0);
    await reader.cancel();
    await expect(exported.summary).rejects.toThrow();
    expect(await exported.exited).toBe(0);
    expect(spools()).toEqual([]);
  });

  it(`runs at most ${MAX_CONCURRENT_EXPORTS} exports at once; the next waits and starts when one ends`, async () => {
    const job = { releaseId, expectedId: recordedId };
    const first = await Promise.all(Array.from({ length: MAX_CONCURRENT_EXPORTS }, () => exportInWorker(job)));
    expect(exportLoad()).toEqual({ running: MAX_CONCURRENT_EXPORTS, waiting: 0 });
    let started = false;
    const next = exportInWorker(job).then((exported) => {
      started = true;
      return exported;
    });
    expect(exportLoad()).toEqual({ running: MAX_CONCURRENT_EXPORTS, waiting: 1 });
    // Reading one export to its end does not need the waiting one.
    const done = await bytesOf(first[0].stream);
    await first[0].exited;
    const later = await next;
    expect(started).toBe(true);
    expect((await bytesOf(later.stream)).equals(done)).toBe(true);
    for (const exported of first.slice(1)) await exported.stream.cancel();
    await Promise.all([later.exited, ...first.map((e) => e.exited)]);
    expect(exportLoad()).toEqual({ running: 0, waiting: 0 });
  });

  it('failures keep their AppError code and message: a missing release before any byte, a changed archive at its end', async () => {
    await expect(exportInWorker({ releaseId: 'no-such-release', expectedId: null })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No such release.' });
    const wrongId = '0'.repeat(64);
    const exported = await exportInWorker({ releaseId, expectedId: wrongId });
    await expect(bytesOf(exported.stream)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`release ${wrongId} no longer exports to the bytes recorded at lock`) });
    await expect(exported.summary).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
