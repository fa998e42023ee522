import { parentPort, workerData } from 'node:worker_threads';
import { computeEvaluation } from './compute';

// Runs in a worker thread (one per evaluation): scoring 31 models twice, overall and per specialty,
// with B = 2000 bootstrap intervals takes seconds of CPU, and the server's event loop must keep
// serving physicians' saves meanwhile.
try {
  parentPort?.postMessage({ result: computeEvaluation(workerData as Parameters<typeof computeEvaluation>[0]) });
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
