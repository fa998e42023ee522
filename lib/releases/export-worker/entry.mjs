// Worker thread entry (started by ./index.ts). The export is TypeScript: it runs from a bundle that
// scripts/bundle.mjs builds with esbuild on first use and rebuilds whenever a source changes
// (compiling with tsx in every worker would cost ~30 MB of its memory and start-up time). Where no
// bundle can be built (a read-only install), tsx compiles it as the other workers do.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundle } from '../../../scripts/bundle.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');
let loaded = false;
try {
  const file = await bundle({
    root,
    dir: path.join(root, '.primum', 'bundles'),
    name: 'release-export-worker',
    entry: "import './lib/releases/export-worker/worker';",
    extraInputs: [path.relative(root, fileURLToPath(import.meta.url))],
  });
  await import(pathToFileURL(file).href);
  loaded = true;
} catch (error) {
  // Said once per export on the server's standard error: the export still works, ~30 MB larger.
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg: 'release export worker: no bundle, compiling with tsx', component: 'releases', errorMessage: error instanceof Error ? error.message : String(error) })}\n`);
}
if (!loaded) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./worker.ts');
}
