import { randomBytes } from 'node:crypto';
import { dataDir, readEnv } from '@/lib/config/env';
import { AppError } from '@/lib/errors';
import { connectedRole, EMBEDDED_APP_ROLE, ensureLoginRole, grantAppRole } from '@/lib/server/app-role';
import { keptSecret } from '@/lib/server/auth-secret';
import { startEmbeddedPostgres } from '@/lib/server/embedded-postgres';
import { applyMigrations, pendingMigrations } from '@/lib/server/migrate';

export type Connected = {
  /** The app's connection (DATABASE_URL, or the embedded primum_app role). */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
};

/** The owner's and the app's connections, from the environment or the embedded server. */
async function openServer(options: { quiet?: boolean; ownServer?: boolean }): Promise<{ ownerUrl: string; appUrl: string; embedded: boolean; stop(): Promise<void> }> {
  const env = readEnv();
  if (env.DATABASE_URL) return { ownerUrl: env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL, appUrl: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  const running = await startEmbeddedPostgres({ folder: dataDir(env), port: env.PRIMUM_PG_PORT, quiet: options.quiet, reuse: !options.ownServer });
  // The embedded superuser migrates; the app signs in as primum_app, password kept beside AUTH_SECRET's.
  const password = keptSecret(dataDir(env), 'app-role-password', () => randomBytes(24).toString('hex'));
  const appUrl = new URL(running.url);
  appUrl.username = EMBEDDED_APP_ROLE;
  appUrl.password = password;
  return { ownerUrl: running.url, appUrl: appUrl.toString(), embedded: true, stop: running.stop };
}

/**
 * DATABASE_URL if set, else the embedded server: reused if `npm start` is running, unless
 * `ownServer` (the app itself must own it). With `migrate` (only `primum migrate` and `serve`)
 * pending migrations are applied as the owner (MIGRATION_DATABASE_URL, else DATABASE_URL), then the
 * app's role, when it is another one, is granted what it needs (lib/server/app-role.ts); the
 * embedded server's primum_app role is created (or its password reset) first. Every other command
 * only checks, in one query, that the schema is current, so it starts in well under a second
 * instead of running the Prisma CLI each time. DATABASE_URL is then the app's connection.
 */
export async function connectDatabase(options: { quiet?: boolean; ownServer?: boolean; migrate?: boolean } = {}): Promise<Connected> {
  const server = await openServer(options);
  try {
    if (options.migrate) {
      await applyMigrations(server.ownerUrl);
      if (server.embedded) {
        await ensureLoginRole(server.ownerUrl, EMBEDDED_APP_ROLE, new URL(server.appUrl).password);
        await grantAppRole(server.ownerUrl, EMBEDDED_APP_ROLE);
      } else if (server.ownerUrl !== server.appUrl) {
        const appRole = await connectedRole(server.appUrl);
        if (appRole !== (await connectedRole(server.ownerUrl))) await grantAppRole(server.ownerUrl, appRole);
      }
    } else {
      const pending = await pendingMigrations(server.ownerUrl);
      if (pending.length > 0) {
        const what = pending.length === 1 ? `migration ${pending[0]} is` : `${pending.length} migrations are`;
        throw new AppError('INVALID_INPUT', `the database schema is not current (${what} not applied): run npx primum migrate (npm start also applies them)`);
      }
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  process.env.DATABASE_URL = server.appUrl;
  return { url: server.appUrl, embedded: server.embedded, stop: server.stop };
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
