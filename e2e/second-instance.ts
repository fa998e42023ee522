import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@/test/database';

export type Instance = { baseURL: string; stop(): Promise<void> };

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * A second `next start` from the same build, on its own port, over the same database and with the
 * same AUTH_SECRET as the suite's server (both from this process's environment): two app instances
 * behind one load balancer, as in a deployment.
 */
export async function startSecondInstance(): Promise<Instance> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  // Without the test runner's react-server condition, as playwright.config.ts starts the first one.
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors = (errors + chunk).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // An open live stream (a page a failed test left open) keeps `next start` from exiting on SIGTERM.
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the second next start exited with ${child.exitCode}: ${errors}`);
    if (await fetch(`${baseURL}/login`).then((r) => r.ok, () => false)) return { baseURL, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
