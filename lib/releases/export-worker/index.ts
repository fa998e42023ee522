import 'server-only';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { projectFile } from '@/lib/config/env';
import { AppError } from '@/lib/errors';
import type { ArchiveSummary } from '@/lib/releases/archive';
import { deferredSummary } from '@/lib/releases/archive/zip';
import type { ExportJob, ServerMessage, WorkerMessage } from './protocol';

/**
 * The export's worker thread has a heap of its own with a hard limit, so an export's memory is
 * bounded however large the release: left to itself V8 lets an export's garbage pile up (a 100x
 * release, 1.27 M ratings: 178 MB of heap and a 330 MB peak RSS in process; docs/benchmarks.md,
 * "Release export"). What the export keeps alive is small (the current batch and one parquet row
 * group), so a capped heap costs CPU (more collections), not failures.
 */
export const EXPORT_HEAP_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 };

/**
 * Exports at once in one server process; more wait for a slot, in order, and start when one ends.
 * Each export is a worker holding up to ~150 MB, a core and a database connection for as long as
 * the download lasts, so many downloads at once (a public link shared widely) must not add up
 * without bound.
 */
export const MAX_CONCURRENT_EXPORTS = 2;

/** A download whose reader takes nothing for this long is stopped, so a stalled client cannot hold a slot for ever. */
export const EXPORT_IDLE_MS = 5 * 60_000;

/** After a cancel, how long the worker has to stop by itself (it deletes its spool) before it is terminated. */
const STOP_GRACE_MS = 10_000;

// Process-wide, like lib/db.ts's client: `next dev` reloads modules while workers still run.
type Slots = { running: number; waiting: Array<() => void>; folders: Set<string> };
const slots: Slots = ((globalThis as unknown as { primumExportSlots?: Slots }).primumExportSlots ??= createSlots());

function createSlots(): Slots {
  const state: Slots = { running: 0, waiting: [], folders: new Set() };
  // A process that ends while exports run (the CLI exits once its file is written; a test run ends)
  // never sees its workers' 'exit': their folders are deleted here.
  process.once('exit', () => {
    for (const folder of state.folders) rmSync(folder, { recursive: true, force: true });
  });
  return state;
}

function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  slots.folders.delete(folder);
}

const cancelled = () => new Error('The release download was cancelled.');

function acquireSlot(signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled());
  if (slots.running < MAX_CONCURRENT_EXPORTS) {
    slots.running += 1;
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      const index = slots.waiting.indexOf(take);
      if (index >= 0) slots.waiting.splice(index, 1);
      reject(cancelled());
    };
    const take = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    slots.waiting.push(take);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A slot passes straight to the next waiting export (so a new export cannot slip in between). */
function releaseSlot(): void {
  const next = slots.waiting.shift();
  if (next) next();
  else slots.running -= 1;
}

/** Exports running and waiting in this process. */
export function exportLoad(): { running: number; waiting: number } {
  return { running: slots.running, waiting: slots.waiting.length };
}

export type WorkerExport = {
  folder: string;
  stream: ReadableStream<Uint8Array>;
  summary: Promise<ArchiveSummary>;
  /** The worker's exit code, once its thread has ended and its temporary folder is deleted. */
  exited: Promise<number>;
  /** The most chunks the worker had sent ahead of the reader (protocol.ts WINDOW bounds it). */
  maxAhead: () => number;
};

/**
 * The zip of `job` made in a worker thread and streamed here, once the worker has read the release
 * (so a missing release is an error here, before any byte): the worker sends chunks only as the
 * reader takes them (protocol.ts WINDOW), and its failures reach the caller or the stream as the
 * AppError (code and message) they were. `signal` (the request's) stops the export wherever it is:
 * waiting for a slot, starting, or streaming; so does a cancelled stream, or a reader that takes
 * nothing for `idleMs`. Whatever ends the worker, its temporary files go with it.
 */
export async function exportInWorker(job: ExportJob, options: { signal?: AbortSignal; idleMs?: number } = {}): Promise<WorkerExport> {
  const { signal, idleMs = EXPORT_IDLE_MS } = options;
  await acquireSlot(signal);
  let worker: Worker;
  let tmp: string | null = null;
  try {
    if (signal?.aborted) throw cancelled();
    // The worker's temporary files (the archive's spool) live in a folder of this export's, deleted
    // when its thread ends: a terminated worker never runs its own clean-up.
    tmp = mkdtempSync(path.join(os.tmpdir(), 'primum-export-'));
    slots.folders.add(tmp);
    worker = new Worker(projectFile('lib', 'releases', 'export-worker', 'entry.mjs'), {
      workerData: job,
      env: { ...process.env, TMPDIR: tmp },
      execArgv: ['--conditions=react-server'],
      resourceLimits: EXPORT_HEAP_LIMITS,
    });
  } catch (error) {
    if (tmp) removeFolder(tmp);
    releaseSlot();
    throw error;
  }
  const folderOfWorker = tmp;
  const exited = new Promise<number>((resolve) =>
    worker.once('exit', (code) => {
      removeFolder(folderOfWorker);
      releaseSlot();
      resolve(code);
    }),
  );
  const tell = (message: ServerMessage) => worker.postMessage(message);

  const inbox: WorkerMessage[] = [];
  let waiting: ((message: WorkerMessage) => void) | null = null;
  let ahead = 0;
  let maxAhead = 0;
  const deliver = (message: WorkerMessage) => {
    if (message.type === 'chunk') maxAhead = Math.max(maxAhead, ++ahead);
    if (waiting) {
      const take = waiting;
      waiting = null;
      take(message);
    } else inbox.push(message);
  };
  worker.on('message', deliver);
  worker.on('error', (error: Error & { code?: string }) =>
    deliver({ type: 'error', code: null, message: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `The export ran out of its ${EXPORT_HEAP_LIMITS.maxOldGenerationSizeMb} MB memory limit.` : `The export failed: ${error.message}` }),
  );
  // After 'end' nobody reads this; before it, an exit is a failure.
  worker.on('exit', (code) => deliver({ type: 'error', code: null, message: `The export stopped before the end of the archive (worker exit code ${code}).` }));
  const next = () => (inbox.length > 0 ? Promise.resolve(inbox.shift()!) : new Promise<WorkerMessage>((resolve) => (waiting = resolve)));
  const failure = (message: Extract<WorkerMessage, { type: 'error' }>) => (message.code ? new AppError(message.code, message.message) : new Error(message.message));

  // Before the first byte, a gone client ends the worker at once.
  const abortStart = () => void worker.terminate();
  signal?.addEventListener('abort', abortStart, { once: true });
  const first = await next();
  signal?.removeEventListener('abort', abortStart);
  if (first.type !== 'start' || signal?.aborted) {
    void worker.terminate();
    throw first.type === 'error' && !signal?.aborted ? failure(first) : signal?.aborted ? cancelled() : new Error(`export worker: ${first.type} before start`);
  }

  const summary = deferredSummary();
  let stopped = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  let errorStream: (error: Error) => void = () => {};
  /** Stop the worker: it stops its zip stream (deleting its spool) and exits; if it does not in time (a database call that hangs), it is terminated. */
  const stop = (reason: Error) => {
    if (stopped) return;
    stopped = true;
    clearTimeout(idle);
    signal?.removeEventListener('abort', onAbort);
    summary.reject(reason);
    tell({ type: 'cancel' });
    setTimeout(() => void worker.terminate(), STOP_GRACE_MS).unref();
  };
  const onAbort = () => {
    stop(cancelled());
    errorStream(cancelled());
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      const error = new Error(`The release download took nothing for ${Math.round(idleMs / 1000)} s and was stopped.`);
      stop(error);
      errorStream(error);
    }, idleMs);
    idle.unref();
  };

  const stream = new ReadableStream<Uint8Array>({
    // highWaterMark 0: nothing is pulled before the reader asks, so the window is all the worker runs ahead.
    start(controller) {
      errorStream = (error) => {
        try {
          controller.error(error);
        } catch {
          // Already closed or errored.
        }
      };
      armIdle();
    },
    async pull(controller) {
      clearTimeout(idle);
      const message = await next();
      if (stopped) return;
      if (message.type === 'chunk') {
        ahead -= 1;
        controller.enqueue(message.bytes);
        tell({ type: 'ack' });
        armIdle();
      } else if (message.type === 'end') {
        // The worker's zip stream has ended and deleted its spool: the folder can go now.
        removeFolder(folderOfWorker);
        stopped = true;
        signal?.removeEventListener('abort', onAbort);
        summary.resolve(message.summary);
        controller.close();
      } else {
        stopped = true;
        signal?.removeEventListener('abort', onAbort);
        const error = message.type === 'error' ? failure(message) : new Error('export worker: a second start');
        summary.reject(error);
        controller.error(error);
        void worker.terminate();
      }
    },
    cancel(reason) {
      stop(reason instanceof Error ? reason : cancelled());
    },
  }, { highWaterMark: 0 });
  return { folder: first.folder, stream, summary: summary.promise, exited, maxAhead: () => maxAhead };
}
