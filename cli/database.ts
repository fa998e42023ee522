import { dataDir, readEnv } from '@/lib/config/env';
import { startEmbeddedPostgres } from '@/lib/server/embedded-postgres';
import { applyMigrations } from '@/lib/server/migrate';

export type Connected = { url: string; embedded: boolean; stop(): Promise<void> };

/**
 * DATABASE_URL if set, else the embedded server: reused if `npm start` is running, unless
 * `ownServer` (the app itself must own it). Migrated.
 */
export async function connectDatabase(options: { quiet?: boolean; ownServer?: boolean } = {}): Promise<Connected> {
  const env = readEnv();
  const running = env.DATABASE_URL
    ? { url: env.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres({ folder: dataDir(env), port: env.PRIMUM_PG_PORT, quiet: options.quiet, reuse: !options.ownServer });
  try {
    await applyMigrations(running.url);
  } catch (error) {
    await running.stop();
    throw error;
  }
  process.env.DATABASE_URL = running.url;
  return { ...running, embedded: !env.DATABASE_URL };
}

/** Run `work` against the database, then disconnect and stop what this process started. */
export async function withDatabase<T>(work: () => Promise<T>, options: { quiet?: boolean } = {}): Promise<T> {
  const connection = await connectDatabase(options);
  const { disconnectDb } = await import('@/lib/db');
  try {
    return await work();
  } finally {
    await disconnectDb();
    await connection.stop();
  }
}
