// Worker thread entry: the export is TypeScript, loaded through tsx (a runtime dependency of the
// CLI too), so the worker needs no separate build step (as lib/evaluations/worker-entry.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
