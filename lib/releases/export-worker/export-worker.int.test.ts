import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
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

/** Environment variables for the duration of `run` (a worker takes the environment it is started with). */
async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Every file and folder under `dir`, as paths relative to it. */
const contents = (dir: string) => readdirSync(dir, { recursive: true }).map(String);

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
    const exported = await withEnv({ TZ: 'America/New_York' }, () => exportInWorker({ releaseId, expectedId: recordedId }));
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

  it('a cancelled download stops the worker, and its temporary files go with it', async () => {
    const root = mkdtempSync(path.join(tmp, 'cancel-'));
    const exported = await withEnv({ TMPDIR: root }, () => exportInWorker({ releaseId, expectedId: recordedId }));
    const reader = exported.stream.getReader();
    const spools = () => contents(root).filter((name) => path.basename(name).startsWith('primum-release-'));
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
    expect(contents(root)).toEqual([]);
  });

  it('a request that goes away stops the export wherever it is: waiting for a slot, or before its first byte (the worker terminated, its folder deleted)', async () => {
    const root = mkdtempSync(path.join(tmp, 'abort-'));
    // The worker's first query waits behind this lock, so the export is caught before its first byte.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    await withEnv({ TMPDIR: root }, async () => {
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE releases IN ACCESS EXCLUSIVE MODE');
      const controllers = Array.from({ length: MAX_CONCURRENT_EXPORTS + 1 }, () => new AbortController());
      const exports = controllers.map((controller) => exportInWorker({ releaseId, expectedId: recordedId }, { signal: controller.signal }));
      for (const e of exports) e.catch(() => {});
      expect(exportLoad()).toEqual({ running: MAX_CONCURRENT_EXPORTS, waiting: 1 });
      // The waiting one leaves the queue...
      controllers[MAX_CONCURRENT_EXPORTS].abort();
      await expect(exports[MAX_CONCURRENT_EXPORTS]).rejects.toThrow('The release download was cancelled.');
      expect(exportLoad()).toEqual({ running: MAX_CONCURRENT_EXPORTS, waiting: 0 });
      // ...and the running ones stop before their first byte, though their database call hangs.
      for (const controller of controllers.slice(0, MAX_CONCURRENT_EXPORTS)) controller.abort();
      for (const e of exports.slice(0, MAX_CONCURRENT_EXPORTS)) await expect(e).rejects.toThrow('The release download was cancelled.');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // Each worker's exit deletes its folder and frees its slot; wait for both without a clock.
    while (exportLoad().running > 0) await new Promise((resolve) => setImmediate(resolve));
    expect(contents(root)).toEqual([]);
    });
  });

  it('a download nobody reads is stopped after the idle time, freeing its slot', async () => {
    const exported = await exportInWorker({ releaseId, expectedId: recordedId }, { idleMs: 200 });
    await expect(exported.summary).rejects.toThrow('took nothing for 0 s and was stopped');
    expect(await exported.exited).toBe(0);
    expect(exportLoad()).toEqual({ running: 0, waiting: 0 });
    await expect(exported.stream.getReader().read()).rejects.toThrow('was stopped');
  });

  it(`the worker never runs more than WINDOW (${WINDOW}) chunks ahead of a slow reader`, async () => {
    const exported = await exportInWorker({ releaseId, expectedId: recordedId });
    const reader = exported.stream.getReader();
    let chunks = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      chunks += 1;
      // A slow reader, so that a worker without the window would run far ahead (the bound holds at any pace).
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(chunks).toBeGreaterThan(2 * WINDOW);
    expect(exported.maxAhead()).toBeLessThanOrEqual(WINDOW);
    expect(exported.maxAhead()).toBeGreaterThan(0);
  });

  it(`runs at most ${MAX_CONCURRENT_EXPORTS} exports at once; the next waits and starts when one ends`, async () => {
    const job = { releaseId, expectedId: recordedId };
    const first = await Promise.all(Array.from({ length: MAX_CONCURRENT_EXPORTS }, () => exportInWorker(job)));
    expect(exportLoad()).toEqual({ running: MAX_CONCURRENT_EXPORTS, waiting: 0 });
    const next = exportInWorker(job);
    expect(exportLoad()).toEqual({ running: MAX_CONCURRENT_EXPORTS, waiting: 1 });
    // Reading one export to its end does not need the waiting one; its slot passes on when its thread ends.
    const done = await bytesOf(first[0].stream);
    expect(exportLoad()).toEqual({ running: MAX_CONCURRENT_EXPORTS, waiting: 1 });
    await first[0].exited;
    expect(exportLoad()).toEqual({ running: MAX_CONCURRENT_EXPORTS, waiting: 0 });
    const later = await next;
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
