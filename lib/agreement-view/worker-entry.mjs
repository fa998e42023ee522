// Worker thread entry: the statistics are TypeScript, loaded through tsx (a runtime dependency of
// the CLI too), so the worker needs no separate build step.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
