#!/usr/bin/env node
// Entry point of `npx primum` and `npm start`. Runs the TypeScript CLI through tsx (no build step),
// with the `react-server` condition so that server-only modules load outside Next.js. The exception
// is `primum agreement`, a pure computation on a file: it runs in this process from a bundle built
// on first use and rebuilt whenever a source changes (scripts/agreement-bundle.mjs), because the
// second node and tsx's compilation of the whole CLI cost more than the statistics.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (process.argv[2] === 'agreement') {
  const { runAgreement } = await import('../scripts/agreement-bundle.mjs');
  const code = await runAgreement(root, process.argv.slice(3));
  if (code !== null) process.exit(code);
}
const child = spawn(
  process.execPath,
  ['--conditions=react-server', '--import', import.meta.resolve('tsx'), path.join(root, 'cli', 'primum.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, PRIMUM_ROOT: root, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') } },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
