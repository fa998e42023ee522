import { defineConfig } from '@playwright/test';
import { appServerArgs, appServerEnv } from './lib/server/app-server-command';

// Started by scripts/test.ts (`npm test -- e2e`), which provides the database, the port and Chromium.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL,
    acceptDownloads: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  // The production server as `npm start` runs it (lib/server/app-server.ts: the lean save handler
  // beside Next, in several processes: PRIMUM_WORKERS=2 here, whatever this machine's default), so
  // the specs test what ships, including requests of one user landing on different processes.
  webServer: {
    command: ['node', ...appServerArgs('.', { port, hostname: '127.0.0.1' })].join(' '),
    url: `${baseURL}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    // The app must not run with the react-server condition the test runner uses.
    env: { ...appServerEnv(process.cwd()), PRIMUM_WORKERS: '2' },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
