/**
 * The fast path of `npx primum agreement` (issue 9). bin/primum.mjs otherwise starts a second node
 * that compiles the whole CLI with tsx on every run, which cost more start-up than the statistics
 * take. Here the command is bundled once (scripts/bundle.mjs: rebuilt whenever a source it compiled,
 * tsconfig.json or this file changes) into .primum/cli/ and run in the calling process.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundle } from './bundle.mjs';

const ENTRY = ["export { agreementCommand } from './cli/commands/agreement';", "export { runCommand } from './cli/command';"].join('\n');
const SELF = path.relative(path.dirname(path.dirname(fileURLToPath(import.meta.url))), fileURLToPath(import.meta.url));

/**
 * Runs `primum agreement <args>` in this process through the same runCommand as cli/primum.ts
 * (help, exit codes, the "primum: " line on stderr), or returns null when no bundle can be built or loaded (no esbuild, a
 * read-only install, a compile error): the caller then runs the CLI through tsx, which reports any
 * compile error itself.
 */
export async function runAgreement(root, args) {
  let cli;
  try {
    const file = await bundle({ root, dir: path.join(root, '.primum', 'cli'), name: 'agreement', entry: ENTRY, extraInputs: [SELF] });
    cli = await import(pathToFileURL(file).href);
  } catch {
    return null;
  }
  return cli.runCommand(cli.agreementCommand, args);
}
