import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['app', 'components', 'lib', 'public', 'package.json', 'next.config.ts', 'proxy.ts', 'postcss.config.mjs'];
const SKIP = new Set(['node_modules', 'generated', '.next']);

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (!SKIP.has(entry) && !entry.endsWith('.test.ts')) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** A production build is needed when there is none, or a source file is newer than it. */
export function needsBuild(root: string): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > built);
}
