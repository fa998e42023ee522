import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseCommandArgs, type Command } from '@/cli/command';
import { connectDatabase } from '@/cli/database';
import { dataDir, projectRoot, readEnv } from '@/lib/config/env';
import { appRoleWarning, inspectAppRole } from '@/lib/server/app-role';
import { appServerArgs, appServerEnv } from '@/lib/server/app-server-command';
import { ensureAuthSecret } from '@/lib/server/auth-secret';
import { needsBuild } from '@/lib/server/build';
import { readWorkerCount } from '@/lib/server/workers';

function runNext(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const bin = path.join(projectRoot(), 'node_modules', 'next', 'dist', 'bin', 'next');
  return spawn(process.execPath, [bin, ...args], { cwd: projectRoot(), env, stdio: 'inherit' });
}

/** The production server: Next behind a lean save handler, PRIMUM_WORKERS processes (lib/server/app-server.ts). */
function runAppServer(listen: { port: number; hostname?: string }, env: NodeJS.ProcessEnv): ChildProcess {
  const root = projectRoot();
  return spawn(process.execPath, appServerArgs(root, listen), { cwd: root, env: { ...env, ...appServerEnv(root) }, stdio: 'inherit' });
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run Primum (what `npm start` does)',
  help: `Usage: npx primum serve [--dev] [--rebuild]

Starts Primum on http://localhost:$PORT (default 3000). Without DATABASE_URL it starts the
embedded PostgreSQL 17 with its data in .primum/ (kept across restarts). It applies migrations
(as MIGRATION_DATABASE_URL's role when set), builds the app when the build is missing or older
than the sources, and serves it as DATABASE_URL's role (embedded: primum_app, which owns no
table); it warns when that role is a superuser or owns the tables. Ctrl-C stops the app and the
embedded database cleanly.

The fictional demo (logins with a published password) is seeded only on the first start of the
embedded database, or when PRIMUM_DEMO=1 (PRIMUM_DEMO=0: never). A DATABASE_URL database starts
empty; the start prints how to create the first admin. While demo logins can sign in, Primum
listens on 127.0.0.1 only unless HOST is set (e.g. HOST=0.0.0.0). PRIMUM_WORKERS server processes
share the port (default: one per core but one, 1 to 4); each answers the rating saves itself and
hands every other request to Next.

Options:
  --dev      run \`next dev\` instead of a production build
  --rebuild  build even if the existing build looks current`,
  async run(args) {
    const { values } = parseCommandArgs(args, { dev: { type: 'boolean' }, rebuild: { type: 'boolean' } }, false);
    const env = readEnv();
    const workers = values.dev ? 1 : readWorkerCount();
    const database = await connectDatabase({ ownServer: true, migrate: true });
    let child: ChildProcess | undefined;
    const shutdown = async (code: number) => {
      child?.kill('SIGTERM');
      await database.stop();
      process.exit(code);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));

    try {
      const { describeStart, listenHost, prepareFirstStart } = await import('@/lib/seed/first-start');
      const { disconnectDb } = await import('@/lib/db');
      const state = await prepareFirstStart({ embedded: database.embedded, demo: env.PRIMUM_DEMO });
      await disconnectDb();
      const hostname = listenHost(env.HOST, state.demoActive);
      const roleWarning = appRoleWarning(await inspectAppRole(database.url));
      const notes = [...(roleWarning ? [roleWarning] : []), ...describeStart(state, env.HOST)];

      // The app never holds the owner's credentials.
      const inherited = { ...process.env };
      delete inherited.MIGRATION_DATABASE_URL;
      const childEnv = {
        ...inherited,
        DATABASE_URL: database.url,
        AUTH_SECRET: ensureAuthSecret(dataDir(env), env.AUTH_SECRET),
        AUTH_TRUST_HOST: 'true',
        NEXT_TELEMETRY_DISABLED: '1',
        PORT: String(env.PORT),
      };
      if (!values.dev && (values.rebuild || needsBuild(projectRoot()))) {
        process.stdout.write('\nBuilding Primum (first start or changed sources; about a minute)...\n');
        const code = await exitOf(runNext(['build'], { ...childEnv, NODE_ENV: 'production' }));
        if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
      }
      const where = hostname ? `listening on ${hostname}` : 'listening on every interface';
      const processes = values.dev ? 'next dev' : `${workers} server process${workers > 1 ? 'es' : ''}`;
      process.stdout.write(`\nPrimum: http://localhost:${env.PORT}  (${where}; ${processes}; database: ${database.embedded ? `embedded, data in ${dataDir(env)}` : 'DATABASE_URL'})\n`);
      if (notes.length) process.stdout.write(`\n${notes.join('\n')}\n`);
      process.stdout.write('\n');
      child = values.dev
        ? runNext(['dev', ...(hostname ? ['--hostname', hostname] : []), '--port', String(env.PORT)], { ...childEnv, NODE_ENV: 'development' })
        : runAppServer({ port: env.PORT, hostname }, childEnv);
      const code = await exitOf(child);
      await shutdown(code);
      return code;
    } catch (error) {
      await database.stop();
      throw error;
    }
  },
};
