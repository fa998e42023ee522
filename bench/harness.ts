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
import { appServerArgs, appServerEnv } from '@/lib/server/app-server-command';
import { createDatabase, dropDatabase, freePort, startTestServer, uniqueName } from '@/test/database';
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

export type Server = { base: string; child: ChildProcess; log: () => string };

/**
 * A production server on a free port against `url`, resolved once it answers; its last 4 KB of
 * output are kept for error reports. `next start` by default; with `workers`, the server `npm start`
 * runs (lib/server/app-server.ts: the lean save handler beside Next, that many processes).
 */
export async function startServer(url: string, secret: string, nodeArgs: string[] = [], options: { workers?: number } = {}): Promise<Server> {
  const port = await freePort();
  const app = options.workers !== undefined;
  const args = app ? appServerArgs(ROOT, { port, hostname: '127.0.0.1' }) : [NEXT_BIN, 'start', '--port', String(port), '--hostname', '127.0.0.1'];
  const what = app ? `the app server (${options.workers} process${options.workers === 1 ? '' : 'es'})` : 'next start';
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'production',
      ...(app ? { ...appServerEnv(ROOT), PRIMUM_WORKERS: String(options.workers) } : {}),
      DATABASE_URL: url,
      AUTH_SECRET: secret,
      AUTH_TRUST_HOST: 'true',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  let listening = !app;
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
    if (tail.includes('every server process is listening')) listening = true;
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i += 1) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${tail}`);
    // The app server says when every process listens; until then one process would get every connection.
    const ok = listening && (await fetch(`${base}/api/auth/csrf`).then((r) => r.ok, () => false));
    if (ok) return { base, child, log: () => tail };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill('SIGTERM');
  throw new Error(`${what} did not answer on ${base} within 60 s:\n${tail}`);
}

export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
