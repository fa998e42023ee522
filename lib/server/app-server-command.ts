import path from 'node:path';

/**
 * How to start the production server (lib/server/app-server.ts) with `process.execPath`: the one
 * command shared by `npm start` (cli/commands/serve.ts), the browser tests and bench:load, so that
 * they all run what ships. Run it with the project root as working directory.
 */
export function appServerArgs(root: string, listen: { port: number; hostname?: string }): string[] {
  return [path.join(root, 'lib', 'server', 'app-server-entry.mjs'), '--port', String(listen.port), ...(listen.hostname ? ['--hostname', listen.hostname] : [])];
}

/** The environment it needs besides DATABASE_URL and AUTH_SECRET (no react-server condition: Next runs in it). */
export function appServerEnv(root: string): Record<string, string> {
  return { NODE_OPTIONS: '', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.json') };
}
