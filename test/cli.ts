import { spawn } from 'node:child_process';
import path from 'node:path';

export type CliRun = { code: number; stdout: string; stderr: string };

/** Run the real `primum` entry point (a separate process), against this test file's database (DATABASE_URL) when there is one; `cwd`: run it from another folder, as a user may. */
export function runPrimum(args: string[], options: { env?: Record<string, string>; stdin?: string; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve('bin/primum.mjs'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
