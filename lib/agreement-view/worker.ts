import { parentPort } from 'node:worker_threads';
import { computeSnapshot, type SnapshotOptions, type SnapshotRow } from './snapshot';

// Runs in a worker thread so that a recomputation never blocks the server's event loop.
type Request = { id: number; rows: SnapshotRow[]; options: SnapshotOptions };

parentPort?.on('message', ({ id, rows, options }: Request) => {
  try {
    parentPort?.postMessage({ id, snapshot: computeSnapshot(rows, options) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
