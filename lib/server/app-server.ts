/**
 * The production server of `npm start` (started through app-server-entry.mjs; see
 * appServerCommand): Next's documented custom server (`next({ dev: false, dir })`, `prepare()`,
 * `getRequestHandler()`) behind a `node:http` server that answers POST /api/ratings itself
 * (lib/ratings/fast-save.ts) and hands every other request to Next. PRIMUM_WORKERS processes
 * (node:cluster, one port) share the load; live updates reach every process through PostgreSQL
 * LISTEN/NOTIFY. Arguments: --port N [--hostname H]. Needs DATABASE_URL and AUTH_SECRET.
 */
import cluster from 'node:cluster';
import http from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';
import { log } from '@/lib/log/logger';
import { createFastSave, isFastSave } from '@/lib/ratings/fast-save';
import { readWorkerCount } from '@/lib/server/workers';

const { values } = parseArgs({ options: { port: { type: 'string' }, hostname: { type: 'string' } } });
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname;
// Replacements of crashed processes allowed per minute before the instance gives up.
const RESTARTS_PER_MINUTE = 5;
const READY_MESSAGE = 'every server process is listening';

async function serve(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  const server = http.createServer();
  // What `next start` sets (next/dist/server/lib/start-server.js): the origin at which Next fetches a
  // server action's redirect target from itself. Without it Next derives it from the request, which
  // behind a TLS proxy says https, fails, and falls back to a plain redirect (an extra round trip).
  process.env.__NEXT_PRIVATE_ORIGIN ??= `http://${!hostname || hostname === '0.0.0.0' ? 'localhost' : hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
  const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? 'localhost', port, httpServer: server });
  const handle = app.getRequestHandler();
  await app.prepare();
  const fastSave = createFastSave(databaseUrl);
  server.on('request', (request, response) => {
    if (isFastSave(request)) void fastSave.handle(request, response);
    else void handle(request, response);
  });
  // Like `next start`: a stop does not wait for open live streams. It stops taking requests and lets
  // the saves already answered send their live notifications (fastSave.close waits for them).
  const stop = () => {
    server.close();
    void fastSave.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve());
  });
  if (cluster.isPrimary) log.info(READY_MESSAGE, { component: 'server' });
}

function runPrimary(workers: number): void {
  // A process counts as started once it listens: one that exits before is a start-up failure (the
  // instance stops, with exit code 1, rather than loop); one that exits later is replaced, at most
  // RESTARTS_PER_MINUTE times a minute (then the instance stops too, for its service manager).
  const listening = new Set<number>();
  const restarts: number[] = [];
  let stopping = false;
  let ready = false;
  const exitWhenAllGone = () => {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
  };
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = code;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(process.exitCode ?? 0);
    }, 5000).unref();
    exitWhenAllGone();
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return exitWhenAllGone();
    const started = listening.delete(worker.id);
    const now = Date.now();
    while (restarts.length > 0 && now - restarts[0] > 60_000) restarts.shift();
    if (!started || restarts.length >= RESTARTS_PER_MINUTE) {
      log.error(started ? 'server processes keep exiting; stopping' : 'server process exited during start-up; stopping', { component: 'server', code: code ?? signal ?? undefined });
      return stopAll(1);
    }
    log.error('server process exited; starting another', { component: 'server', code: code ?? signal ?? undefined });
    restarts.push(now);
    cluster.fork();
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stopAll(0));
  // One line once every process listens (bench:load waits for it before it opens connections).
  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    if (!ready && listening.size === workers) {
      ready = true;
      log.info(READY_MESSAGE, { component: 'server' });
    }
  });
  for (let i = 0; i < workers; i += 1) cluster.fork();
}

const workers = readWorkerCount();
if (cluster.isPrimary && workers > 1) runPrimary(workers);
else
  serve().catch((error) => {
    log.error('server failed to start', { component: 'server' }, error);
    process.exit(1);
  });
