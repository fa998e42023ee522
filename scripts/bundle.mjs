/**
 * TypeScript bundled once with esbuild (tsx's own compiler) and reused, for code that runs outside
 * Next's build: the fast path of `npx primum agreement` (scripts/agreement-bundle.mjs) and the
 * release export's worker thread (lib/releases/export-worker/entry.mjs), which would otherwise
 * compile their sources with tsx at every start (time, and ~30 MB of a worker's memory).
 * Never stale: the build records the SHA-256 of every source file it compiled (read through the
 * plugin below, so the hash is of exactly the bytes compiled), of tsconfig.json, of this file and of
 * the bundle itself; each use re-hashes them (a few milliseconds) and rebuilds on any difference. Packages stay
 * external: node resolves them at run time from the project's node_modules.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = path.relative(path.dirname(path.dirname(fileURLToPath(import.meta.url))), fileURLToPath(import.meta.url));

function keyOf(contents) {
  const hash = createHash('sha256');
  for (const [file, bytes] of [...contents].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  return hash.digest('hex').slice(0, 20);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** The current bundle's path, or null when an input changed, the bundle itself changed, or none was built. */
function currentBundle(root, dir, name) {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8'));
    const bundle = path.join(dir, `${name}-${manifest.key}.mjs`);
    const contents = new Map(manifest.inputs.map((file) => [file, readFileSync(path.join(root, file))]));
    return keyOf(contents) === manifest.key && existsSync(bundle) && sha256(readFileSync(bundle)) === manifest.bundle ? bundle : null;
  } catch {
    return null;
  }
}

/** Writes a file whole or not at all: a concurrent run never reads half a bundle. */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

async function build(root, dir, name, entry, extraInputs) {
  const { build: esbuild } = await import('esbuild');
  const contents = new Map([['tsconfig.json', readFileSync(path.join(root, 'tsconfig.json'))], [SELF, readFileSync(path.join(root, SELF))]]);
  for (const file of extraInputs) contents.set(file, readFileSync(path.join(root, file)));
  const record = {
    name: 'record-sources',
    setup(b) {
      b.onLoad({ filter: /.*/ }, (args) => {
        const bytes = readFileSync(args.path);
        contents.set(path.relative(root, args.path), bytes);
        return { contents: bytes, loader: 'default' };
      });
    },
  };
  const result = await esbuild({
    stdin: { contents: entry, resolveDir: root, sourcefile: `${name}-entry.ts`, loader: 'ts' },
    absWorkingDir: root,
    tsconfig: path.join(root, 'tsconfig.json'),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['react-server'],
    write: false,
    logLevel: 'silent',
    plugins: [record],
  });
  const key = keyOf(contents);
  const bundle = path.join(dir, `${name}-${key}.mjs`);
  mkdirSync(dir, { recursive: true });
  writeAtomically(bundle, result.outputFiles[0].contents);
  writeAtomically(path.join(dir, `${name}.json`), `${JSON.stringify({ key, bundle: sha256(result.outputFiles[0].contents), inputs: [...contents.keys()].sort() }, null, 2)}\n`);
  const old = new RegExp(`^${name}-\\w+\\.mjs$`);
  for (const file of readdirSync(dir)) if (old.test(file) && path.join(dir, file) !== bundle) rmSync(path.join(dir, file), { force: true });
  return bundle;
}

/**
 * The path of the bundle `name` of the TypeScript module source `entry` (resolved from `root`),
 * kept in `dir`, built now when missing or stale. `extraInputs`: files (relative to root) that
 * should make a rebuild although esbuild does not read them (the caller's own file). Throws when
 * it cannot be built (no esbuild, a read-only folder, a compile error).
 */
export async function bundle({ root, dir, name, entry, extraInputs = [] }) {
  return currentBundle(root, dir, name) ?? (await build(root, dir, name, entry, extraInputs));
}
