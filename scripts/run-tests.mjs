#!/usr/bin/env node
// `npm test` as the README writes it, also on a fresh clone: plain Node, no dependencies. Installs
// the locked dependencies (`npm ci`) when node_modules is missing or older than package-lock.json,
// then runs scripts/test.ts through tsx with the same arguments (`npm test -- unit|integration|e2e`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const lock = path.join(root, 'package-lock.json');
// npm writes node_modules/.package-lock.json at the end of every install.
const installed = path.join(root, 'node_modules', '.package-lock.json');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function needsInstall() {
  if (!existsSync(installed) || !existsSync(tsx)) return true;
  return existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs;
}

if (needsInstall()) {
  console.log('npm test: installing the locked dependencies first (npm ci)...');
  // Under `npm test`, npm_execpath is the npm that runs us; otherwise use the one on PATH.
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  const result = spawnSync(npm[0], [...npm[1], 'ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm test: \`npm ci\` failed (exit ${result.status ?? result.signal}); fix the install, then run npm test again.`);
    process.exit(result.status || 1);
  }
}

const child = spawn(process.execPath, [tsx, path.join(root, 'scripts', 'test.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
