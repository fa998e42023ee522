import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureLoginRole, grantAppRole } from '@/lib/server/app-role';
import { startEmbeddedPostgres } from '@/lib/server/embedded-postgres';

/** A PostgreSQL server for tests: DATABASE_URL's if set, else a throwaway embedded one. */
export type TestServer = { adminUrl: string; stop(): Promise<void> };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startTestServer(): Promise<TestServer> {
  const given = process.env.PRIMUM_TEST_SERVER_URL ?? process.env.DATABASE_URL;
  if (given) return { adminUrl: given, stop: async () => undefined };
  const folder = mkdtempSync(path.join(os.tmpdir(), 'primum-test-'));
  // The embedded server runs as the `postgres` user when we are root: it must reach the folder.
  chmodSync(folder, 0o755);
  const running = await startEmbeddedPostgres({ folder, port: await freePort(), quiet: true });
  return {
    adminUrl: running.url,
    stop: async () => {
      await running.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabaseName(adminUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  return admin(adminUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
    return withDatabaseName(adminUrl, name);
  });
}

export function dropDatabase(adminUrl: string, name: string): Promise<void> {
  return admin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A login role for the app on a migrated test database, granted by the same code as a real
 * deployment (lib/server/app-role.ts): `url` connects to `databaseUrl`'s database as that role.
 * Roles belong to the whole server: drop() revokes what it was granted, then drops it; call it
 * before dropping the database.
 */
export async function createAppRole(adminUrl: string, databaseUrl: string): Promise<{ role: string; url: string; drop(): Promise<void> }> {
  const role = uniqueName('primum_app');
  const password = randomBytes(18).toString('hex');
  await ensureLoginRole(adminUrl, role, password);
  await grantAppRole(databaseUrl, role);
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = password;
  return {
    role,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`DROP OWNED BY ${client.escapeIdentifier(role)}`);
        await client.query(`DROP ROLE ${client.escapeIdentifier(role)}`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The SQLSTATE a statement fails with, or 'ok' when it succeeds (tests of what the database refuses). */
export async function sqlState(client: pg.Client, sql: string, values: unknown[] = []): Promise<string> {
  try {
    await client.query(sql, values);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}
