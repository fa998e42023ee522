/**
 * The server's side of bench/release-export.ts, in a process of its own so that its peak RSS is
 * that of one export (or one lock) and nothing else: the bench's seeding, its SQL release and its
 * checks stay in the parent. Prints one JSON line with the figures. Started by the bench:
 *
 *   release-export-child.ts export <releaseId>            exportRelease(id) streamed into a SHA-256
 *   release-export-child.ts lock <projectId> <actorId> [licence]    lockRelease of every ready case (another licence: a
 *                                                          new version of cases an earlier release holds)
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { disconnectDb } from '@/lib/db';
import { exportRelease } from '@/lib/releases/export';
import { lockRelease, type LockRequest } from '@/lib/releases/service';

export type ChildFigures = {
  seconds: number;
  /** CPU time of the process during the work (user + system): wall time on a busy machine overstates the cost. */
  cpuSeconds: number;
  /** RSS when the work started (modules loaded) and the process's peak (resourceUsage maxRSS). */
  startRssMb: number;
  maxRssMb: number;
  /**
   * Peaks of process.memoryUsage() sampled every 50 ms: what the RSS is made of (V8 heap, buffers
   * outside it). The heap figures are the main thread's: an export's worker thread has a capped heap
   * of its own (lib/releases/export-worker), which only the RSS figures include.
   */
  peakHeapUsedMb: number;
  peakHeapTotalMb: number;
  peakExternalMb: number;
  bytes?: number;
  sha256?: string;
  /** The release id researchers see (manifest SHA-256); `releaseId` is the database id. */
  id?: string;
  releaseId?: string;
  version?: number;
};

/** The zip of `exportRelease(releaseId)`, read to the end as a client would, keeping only its hash. */
export async function drainExport(releaseId: string): Promise<{ bytes: number; sha256: string; id: string }> {
  const { stream, summary } = await exportRelease(releaseId);
  const hash = createHash('sha256');
  let bytes = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
    bytes += value.length;
  }
  return { bytes, sha256: hash.digest('hex'), id: (await summary).manifestSha256 };
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const peakMb = () => process.resourceUsage().maxRSS / 1024;

async function main([command, ...args]: string[]): Promise<ChildFigures> {
  const peaks = { peakHeapUsedMb: 0, peakHeapTotalMb: 0, peakExternalMb: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peaks.peakHeapUsedMb = Math.max(peaks.peakHeapUsedMb, m.heapUsed / 2 ** 20);
    peaks.peakHeapTotalMb = Math.max(peaks.peakHeapTotalMb, m.heapTotal / 2 ** 20);
    peaks.peakExternalMb = Math.max(peaks.peakExternalMb, m.external / 2 ** 20);
  };
  const sampler = setInterval(sample, 50);
  try {
    return { ...(await work(command, args)), ...peaks };
  } finally {
    clearInterval(sampler);
  }
}

async function work(command: string, args: string[]): Promise<Omit<ChildFigures, 'peakHeapUsedMb' | 'peakHeapTotalMb' | 'peakExternalMb'>> {
  const startRssMb = rssMb();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const cpuSeconds = () => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1e6;
  };
  if (command === 'lock') {
    const locked = await lockRelease({ actorId: args[1], projectId: args[0], ...(args[2] ? { license: args[2] as LockRequest['license'] } : {}) });
    return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds(), startRssMb, maxRssMb: peakMb(), releaseId: locked.releaseId, version: locked.version, id: locked.id };
  }
  const drained = await drainExport(args[0]);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds(), startRssMb, maxRssMb: peakMb(), ...drained };
}

if (path.resolve(process.argv[1] ?? '') === import.meta.filename) {
  main(process.argv.slice(2))
    .then(async (figures) => {
      await disconnectDb();
      console.log(JSON.stringify(figures));
      process.exit(0);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
