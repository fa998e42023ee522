import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

/** The production server's entry started as `npm start` starts it, without a database: it cannot start. */
function startWithout(workers: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PRIMUM_WORKERS: workers, NODE_OPTIONS: '', TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json') };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [path.join(ROOT, 'lib', 'server', 'app-server-entry.mjs'), '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('the production server (lib/server/app-server.ts)', () => {
  // A service manager restarts (or reports) an instance by its exit code: a failed start is never 0.
  it.each(['1', '2'])('exits 1 when it cannot start, with PRIMUM_WORKERS=%s', async (workers) => {
    const { code, stderr } = await startWithout(workers);
    expect(stderr).toContain('DATABASE_URL is not set');
    expect(code).toBe(1);
  }, 60_000);
});
