/**
 * The fast path of `npx primum agreement` (issue 9). bin/primum.mjs otherwise starts a second node
 * that compiles the whole CLI with tsx on every run, which cost more start-up than the statistics
 * take. Here the command is bundled once with esbuild (tsx's own compiler) into .primum/cli/ and run
 * in the calling process. Never stale: the build records the SHA-256 of every source file it
 * compiled (read through the plugin below, so the hash is of exactly the bytes compiled), of
 * tsconfig.json and of this file; each run re-hashes them (a few milliseconds) and rebuilds on any
 * difference. Packages stay external: node resolves them at run time, as for the rest of the CLI.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = ["export { agreementCommand } from './cli/commands/agreement';", "export { runCommand } from './cli/command';"].join('\n');
const SELF = path.relative(path.dirname(path.dirname(fileURLToPath(import.meta.url))), fileURLToPath(import.meta.url));

function keyOf(contents) {
  const hash = createHash('sha256');
  for (const [file, bytes] of [...contents].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  return hash.digest('hex').slice(0, 20);
}

/** The current bundle's path, or null when an input changed (or none was built). */
function currentBundle(root, dir) {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'agreement.json'), 'utf8'));
    const bundle = path.join(dir, `agreement-${manifest.key}.mjs`);
    const contents = new Map(manifest.inputs.map((file) => [file, readFileSync(path.join(root, file))]));
    return keyOf(contents) === manifest.key && existsSync(bundle) ? bundle : null;
  } catch {
    return null;
  }
}

/** Writes a file whole or not at all: a concurrent run never reads half a bundle. */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

async function build(root, dir) {
  const { build: esbuild } = await import('esbuild');
  const contents = new Map([['tsconfig.json', readFileSync(path.join(root, 'tsconfig.json'))], [SELF, readFileSync(path.join(root, SELF))]]);
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
    stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'agreement-entry.ts', loader: 'ts' },
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
  const bundle = path.join(dir, `agreement-${key}.mjs`);
  mkdirSync(dir, { recursive: true });
  writeAtomically(bundle, result.outputFiles[0].contents);
  writeAtomically(path.join(dir, 'agreement.json'), `${JSON.stringify({ key, inputs: [...contents.keys()].sort() }, null, 2)}\n`);
  for (const old of readdirSync(dir)) if (/^agreement-\w+\.mjs$/.test(old) && path.join(dir, old) !== bundle) rmSync(path.join(dir, old), { force: true });
  return bundle;
}

/**
 * Runs `primum agreement <args>` in this process through the same runCommand as cli/primum.ts
 * (help, exit codes, the "primum: " line on stderr), or returns null when no bundle can be built or loaded (no esbuild, a
 * read-only install, a compile error): the caller then runs the CLI through tsx, which reports any
 * compile error itself.
 */
export async function runAgreement(root, args) {
  let cli;
  try {
    const dir = path.join(root, '.primum', 'cli');
    cli = await import(pathToFileURL(currentBundle(root, dir) ?? (await build(root, dir))).href);
  } catch {
    return null;
  }
  return cli.runCommand(cli.agreementCommand, args);
}
