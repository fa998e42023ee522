import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '@/lib/config/env';

/** Apply the checked-in migrations with `prisma migrate deploy` (WASM engine, see prisma.config.ts). */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  const root = projectRoot();
  const cli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
  await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NODE_OPTIONS: `--require ${path.join(root, 'scripts', 'unref-timers.cjs')}`,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`prisma migrate deploy failed:\n${text.trim()}`))));
  });
}

/** Names of the checked-in migrations (prisma/migrations/<timestamp>_<name>/), oldest first. */
export function localMigrations(root = projectRoot()): string[] {
  const folder = path.join(root, 'prisma', 'migrations');
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(folder, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The checked-in migrations the database has not finished applying, in one query (no Prisma CLI,
 * so commands other than `migrate` and `serve` start in a fraction of a second).
 */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let applied: Set<string>;
    try {
      const result = await client.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
      applied = new Set(result.rows.map((row) => row.migration_name));
    } catch (error) {
      // 42P01: no _prisma_migrations table, nothing was ever migrated.
      if ((error as { code?: string }).code !== '42P01') throw error;
      applied = new Set();
    }
    return localMigrations().filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}
