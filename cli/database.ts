import { dataDir, readEnv } from '@/lib/config/env';
import { AppError } from '@/lib/errors';
import { startEmbeddedPostgres } from '@/lib/server/embedded-postgres';
import { applyMigrations, pendingMigrations } from '@/lib/server/migrate';

export type Connected = { url: string; embedded: boolean; stop(): Promise<void> };

/**
 * DATABASE_URL if set, else the embedded server: reused if `npm start` is running, unless
 * `ownServer` (the app itself must own it). With `migrate` (only `primum migrate` and `serve`)
 * pending migrations are applied; every other command only checks, in one query, that the schema
 * is current, so it starts in well under a second instead of running the Prisma CLI each time.
 */
export async function connectDatabase(options: { quiet?: boolean; ownServer?: boolean; migrate?: boolean } = {}): Promise<Connected> {
  const env = readEnv();
  const running = env.DATABASE_URL
    ? { url: env.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres({ folder: dataDir(env), port: env.PRIMUM_PG_PORT, quiet: options.quiet, reuse: !options.ownServer });
  try {
    if (options.migrate) await applyMigrations(running.url);
    else {
      const pending = await pendingMigrations(running.url);
      if (pending.length > 0) {
        const what = pending.length === 1 ? `migration ${pending[0]} is` : `${pending.length} migrations are`;
        throw new AppError('INVALID_INPUT', `the database schema is not current (${what} not applied): run npx primum migrate (npm start also applies them)`);
      }
    }
  } catch (error) {
    await running.stop();
    throw error;
  }
  process.env.DATABASE_URL = running.url;
  return { ...running, embedded: !env.DATABASE_URL };
}

/** Run `work` against the database, then disconnect and stop what this process started. */
export async function withDatabase<T>(work: () => Promise<T>, options: { quiet?: boolean; migrate?: boolean } = {}): Promise<T> {
  const connection = await connectDatabase(options);
  const { disconnectDb } = await import('@/lib/db');
  // Ctrl-C while a command runs: stop the embedded server this command started, then exit.
  const interrupt = () => void connection.stop().finally(() => process.exit(130));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, interrupt);
  try {
    return await work();
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, interrupt);
    await disconnectDb();
    await connection.stop();
  }
}
