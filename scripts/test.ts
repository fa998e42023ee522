/**
 * `npm test`: every suite against real parts. Unit tests (Vitest), integration tests on a real
 * PostgreSQL (DATABASE_URL's server if set, else a throwaway embedded one), then the Playwright
 * browser tests in Chromium against a production build. `npm test -- unit|integration|e2e` runs one.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { needsBuild } from '@/lib/server/build';
import { findChromium } from '@/test/chromium';
import { applyMigrations } from '@/lib/server/migrate';
import { createAppRole, createDatabase, dropDatabase, freePort, startTestServer, uniqueName, type TestServer } from '@/test/database';

const root = path.resolve(import.meta.dirname, '..');
const SUITES = ['unit', 'integration', 'e2e'] as const;
type Suite = (typeof SUITES)[number];

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

async function e2e(server: TestServer): Promise<number> {
  const chromium = findChromium();
  if (!chromium) {
    console.error('No Chromium found for the browser tests. Install Debian\'s: `sudo apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium/Chrome binary). Never `npx playwright install` here.');
    return 1;
  }
  const name = uniqueName('primum_e2e');
  const url = await createDatabase(server.adminUrl, name);
  let appRole: Awaited<ReturnType<typeof createAppRole>> | undefined;
  try {
    await applyMigrations(url);
    // The server and the fixtures run as an app role granted like a deployment's: the whole browser
    // suite shows the app works with least privilege.
    appRole = await createAppRole(server.adminUrl, url);
    const env = { DATABASE_URL: appRole.url, AUTH_SECRET: randomBytes(33).toString('base64'), AUTH_TRUST_HOST: 'true', NEXT_TELEMETRY_DISABLED: '1' };
    if (needsBuild(root)) {
      const built = await run(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { ...env, NODE_ENV: 'production' });
      if (built !== 0) return built;
    }
    return await run(bin('playwright'), ['test'], {
      ...env,
      CHROMIUM_PATH: chromium,
      E2E_PORT: String(await freePort()),
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
      // Lets the fixtures import server-only modules (users, database) in the test runner.
      NODE_OPTIONS: '--conditions=react-server',
    });
  } finally {
    await appRole?.drop();
    await dropDatabase(server.adminUrl, name);
  }
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((s) => !SUITES.includes(s as Suite));
  if (unknown.length) {
    console.error(`unknown suite(s): ${unknown.join(', ')} (choose from ${SUITES.join(', ')})`);
    return 2;
  }
  const suites = requested.length ? (requested as Suite[]) : [...SUITES];
  if (suites.includes('unit')) {
    const code = await run(bin('vitest'), ['run', '--project', 'unit']);
    if (code !== 0) return code;
  }
  if (!suites.includes('integration') && !suites.includes('e2e')) return 0;
  const server = await startTestServer();
  try {
    if (suites.includes('integration')) {
      const code = await run(bin('vitest'), ['run', '--project', 'integration'], { PRIMUM_TEST_SERVER_URL: server.adminUrl });
      if (code !== 0) return code;
    }
    return suites.includes('e2e') ? await e2e(server) : 0;
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
