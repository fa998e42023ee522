import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseCommandArgs, type Command } from '@/cli/command';
import { connectDatabase } from '@/cli/database';
import { dataDir, projectRoot, readEnv } from '@/lib/config/env';
import { ensureAuthSecret } from '@/lib/server/auth-secret';
import { needsBuild } from '@/lib/server/build';

function runNext(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const bin = path.join(projectRoot(), 'node_modules', 'next', 'dist', 'bin', 'next');
  return spawn(process.execPath, [bin, ...args], { cwd: projectRoot(), env, stdio: 'inherit' });
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run Primum (what `npm start` does)',
  help: `Usage: npx primum serve [--dev] [--rebuild]

Starts Primum on http://localhost:$PORT (default 3000). Without DATABASE_URL it starts the
embedded PostgreSQL 17 with its data in .primum/ (kept across restarts). It applies migrations,
seeds the demo on an empty database (only then), builds the app when the build is missing or
older than the sources, and serves it. Ctrl-C stops the app and the embedded database cleanly.

Options:
  --dev      run \`next dev\` instead of a production build
  --rebuild  build even if the existing build looks current`,
  async run(args) {
    const { values } = parseCommandArgs(args, { dev: { type: 'boolean' }, rebuild: { type: 'boolean' } }, false);
    const env = readEnv();
    const database = await connectDatabase({ ownServer: true });
    let child: ChildProcess | undefined;
    const shutdown = async (code: number) => {
      child?.kill('SIGTERM');
      await database.stop();
      process.exit(code);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));

    try {
      const { isEmpty, seedDemo, DEMO_PASSWORD } = await import('@/lib/seed/demo');
      const { disconnectDb } = await import('@/lib/db');
      if (await isEmpty()) {
        const seeded = await seedDemo();
        process.stdout.write(`\nSeeded the demo project "${seeded.project}" (fictional cases). Demo logins, password "${DEMO_PASSWORD}":\n`);
        for (const user of seeded.users) process.stdout.write(`  ${user.role.toLowerCase().padEnd(12)} ${user.email}\n`);
      }
      await disconnectDb();

      const childEnv = {
        ...process.env,
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
      process.stdout.write(`\nPrimum: http://localhost:${env.PORT}  (database: ${database.embedded ? `embedded, data in ${dataDir(env)}` : 'DATABASE_URL'})\n`);
      process.stdout.write(`Demo logins (if the demo was seeded): coordinator@demo.primum.test, card1@demo.primum.test ... password "${DEMO_PASSWORD}"\n\n`);
      child = runNext([values.dev ? 'dev' : 'start', '--port', String(env.PORT)], { ...childEnv, NODE_ENV: values.dev ? 'development' : 'production' });
      const code = await exitOf(child);
      await shutdown(code);
      return code;
    } catch (error) {
      await database.stop();
      throw error;
    }
  },
};
