// Entry of the production server (`npm start`, see lib/server/app-server.ts): TypeScript through
// tsx, as the CLI, registered here rather than with --import so that the app's worker threads
// (which register tsx themselves) start as they do under `next start`.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

register('./server-only-hooks.mjs', import.meta.url);
registerTsx();
await import('./app-server.ts');
