#!/usr/bin/env node
// Entry point of `npx primum` and `npm start`. Runs the TypeScript CLI through tsx (no build step),
// with the `react-server` condition so that server-only modules load outside Next.js.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const child = spawn(
  process.execPath,
  ['--conditions=react-server', '--import', import.meta.resolve('tsx'), path.join(root, 'cli', 'primum.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, PRIMUM_ROOT: root, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') } },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
