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
// A worker that fails within this long after its start is not restarted (a crash at start-up would loop).
const STABLE_AFTER_MS = 30_000;
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
  // Like `next start`: a stop does not wait for open live streams.
  const stop = () => void fastSave.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve());
  });
  if (cluster.isPrimary) log.info(READY_MESSAGE, { component: 'server' });
}

function runPrimary(workers: number): void {
  const started = new Map<number, number>();
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const early = Date.now() - (started.get(worker.id) ?? 0) < STABLE_AFTER_MS;
    log.error(early ? 'server process exited during start-up; stopping' : 'server process exited; starting another', { component: 'server', code: code ?? signal ?? undefined });
    if (early) {
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill('SIGTERM');
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    fork();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {});
    if (alive.length === 0) process.exit(0);
    for (const worker of alive) worker?.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(0);
    }, 5000).unref();
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, stop);
  // One line once every process listens (bench:load waits for it before it opens connections).
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === workers) log.info(READY_MESSAGE, { component: 'server' });
  });
  for (let i = 0; i < workers; i += 1) fork();
}

const workers = readWorkerCount();
if (cluster.isPrimary && workers > 1) runPrimary(workers);
else
  serve().catch((error) => {
    log.error('server failed to start', { component: 'server' }, error);
    process.exit(1);
  });
