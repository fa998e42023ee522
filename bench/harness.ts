import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { disconnectDb, getDb } from '@/lib/db';
import { importRubrics } from '@/lib/import/service';
import { stopRatingEvents } from '@/lib/live/rating-events';
import { applyMigrations } from '@/lib/server/migrate';
import { simulateRatings } from '@/lib/simulate/service';
import { needsBuild } from '@/lib/server/build';
import { createDatabase, dropDatabase, startTestServer, uniqueName } from '@/test/database';
import { noharmScaleFiles } from './noharm-scale';

/** A fresh migrated database (DATABASE_URL's server, else embedded) for `work`, dropped afterwards. */
export async function withBenchDatabase(prefix: string, work: (url: string) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  const name = uniqueName(prefix);
  const url = await createDatabase(server.adminUrl, name);
  try {
    await applyMigrations(url);
    process.env.DATABASE_URL = url;
    await work(url);
  } finally {
    await stopRatingEvents();
    await disconnectDb();
    await dropDatabase(server.adminUrl, name);
    await server.stop();
  }
}

/** Import the NOHARM-scale cases into project `bench` and let simulated raters rate them all. */
export async function seedNoharmScale(): Promise<{ projectId: string }> {
  const started = performance.now();
  const { project } = await importRubrics({ actorId: null, project: { slug: 'bench' }, files: noharmScaleFiles() });
  const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: project.slug } })).id;
  const simulated = await simulateRatings({ projectId, seed: 1 });
  const options = await getDb().option.count({ where: { case: { projectId } } });
  console.log(`seeded ${options} options, ${simulated.ratings} ratings by ${simulated.createdRaters.length} simulated raters in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { projectId };
}

export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export const ROOT = path.resolve(import.meta.dirname, '..');
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');

/** Chromium flags for this closed network (see ../shared/docs/STACK.md), as in playwright.config.ts. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** `next build` when the production build is missing or older than the sources. */
export async function buildAppIfNeeded(): Promise<void> {
  if (!needsBuild(ROOT)) return;
  console.log('building the app first (next build)...');
  const started = performance.now();
  const built = spawn(process.execPath, [NEXT_BIN, 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' } });
  if ((await new Promise((resolve) => built.on('exit', resolve))) !== 0) throw new Error('next build failed');
  console.log(`built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** The production server (`next start`) on 127.0.0.1:port against `databaseUrl`. */
export function startApp(databaseUrl: string, port: number): ChildProcess {
  return spawn(process.execPath, [NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', DATABASE_URL: databaseUrl, AUTH_SECRET: randomBytes(33).toString('base64'), AUTH_TRUST_HOST: 'true' },
    stdio: 'ignore',
  });
}
