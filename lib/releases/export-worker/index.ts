import 'server-only';
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { AppError } from '@/lib/errors';
import type { ArchiveSummary } from '@/lib/releases/archive';
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
 * Each export is a worker holding up to ~150 MB and a core for as long as the download lasts, so
 * many downloads at once (a public link shared widely) must not add up without bound.
 */
export const MAX_CONCURRENT_EXPORTS = 2;
let running = 0;
const waiting: Array<() => void> = [];

function acquireSlot(): Promise<void> {
  if (running < MAX_CONCURRENT_EXPORTS) {
    running += 1;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(resolve));
}

/** A slot passes straight to the next waiting export (so a new export cannot slip in between). */
function releaseSlot(): void {
  const next = waiting.shift();
  if (next) next();
  else running -= 1;
}

/** Exports running and waiting in this process. */
export function exportLoad(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

/**
 * The zip of `job` made in a worker thread and streamed here, once the worker has read the release
 * (so a missing release is an error here, before any byte): the worker sends chunks only as the
 * reader takes them (protocol.ts WINDOW), a cancelled download stops it (it deletes its temporary
 * files), and its failures reach the caller or the stream as the AppError (code and message) they were.
 */
export async function exportInWorker(job: ExportJob): Promise<{ folder: string; stream: ReadableStream<Uint8Array>; summary: Promise<ArchiveSummary>; exited: Promise<number> }> {
  // Loaded from the project folder at run time, not bundled (as lib/evaluations' worker). Joined as
  // an array on purpose: Next's build traces `path.join(...)` inside `new Worker` and would bundle
  // the entry with esbuild's binary (the build fails).
  const entry = [process.cwd(), 'lib', 'releases', 'export-worker', 'entry.mjs'].join(path.sep);
  await acquireSlot();
  let worker: Worker;
  try {
    worker = new Worker(entry, { workerData: job, execArgv: ['--conditions=react-server'], resourceLimits: EXPORT_HEAP_LIMITS });
  } catch (error) {
    releaseSlot();
    throw error;
  }
  // The slot is free again once the thread has ended, whatever ended it.
  worker.once('exit', releaseSlot);
  const tell = (message: ServerMessage) => worker.postMessage(message);
  // Resolves with the worker's exit code once its thread has ended (after it cleaned up).
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

  const inbox: WorkerMessage[] = [];
  let waiting: ((message: WorkerMessage) => void) | null = null;
  const deliver = (message: WorkerMessage) => {
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

  const first = await next();
  if (first.type !== 'start') {
    void worker.terminate();
    throw first.type === 'error' ? failure(first) : new Error(`export worker: ${first.type} before start`);
  }

  let resolveSummary!: (summary: ArchiveSummary) => void;
  let rejectSummary!: (error: unknown) => void;
  const summary = new Promise<ArchiveSummary>((resolve, reject) => {
    resolveSummary = resolve;
    rejectSummary = reject;
  });
  // A caller that only wants the bytes must not meet an unhandled rejection.
  summary.catch(() => {});

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const message = await next();
      if (message.type === 'chunk') {
        controller.enqueue(message.bytes);
        tell({ type: 'ack' });
      } else if (message.type === 'end') {
        resolveSummary(message.summary);
        controller.close();
      } else {
        const error = message.type === 'error' ? failure(message) : new Error('export worker: a second start');
        rejectSummary(error);
        controller.error(error);
        void worker.terminate();
      }
    },
    cancel(reason) {
      rejectSummary(reason instanceof Error ? reason : new Error('The release download was cancelled.'));
      // The worker stops its zip stream (which deletes the temporary files) and exits; if it does
      // not within a few seconds (a database call that hangs), it is stopped.
      tell({ type: 'cancel' });
      setTimeout(() => void worker.terminate(), 10_000).unref();
    },
  });
  return { folder: first.folder, stream, summary, exited };
}
