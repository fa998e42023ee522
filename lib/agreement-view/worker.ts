import { parentPort } from 'node:worker_threads';
import { computeSnapshot, type GroupCache, type SnapshotOptions, type SnapshotRow } from './snapshot';

// Runs in a worker thread so that a recomputation never blocks the server's event loop. It keeps
// each project's group summaries between requests, so a change recomputes only its groups.
type Request = { id: number; cacheKey: string; rows: SnapshotRow[]; options: SnapshotOptions };

const caches = new Map<string, GroupCache>();

parentPort?.on('message', ({ id, cacheKey, rows, options }: Request) => {
  try {
    if (!caches.has(cacheKey)) caches.set(cacheKey, new Map());
    parentPort?.postMessage({ id, snapshot: computeSnapshot(rows, options, caches.get(cacheKey)) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
