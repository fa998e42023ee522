import { spawn } from 'node:child_process';
import path from 'node:path';
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
