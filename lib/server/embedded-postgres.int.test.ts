import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '@/lib/server/embedded-postgres';
import { freePort } from '@/test/database';

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL (what npm start uses without DATABASE_URL)', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'primum-embedded-'));
  chmodSync(folder, 0o755);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps its data across a stop and a start, and reuses a server already running from the folder', async () => {
    const port = await freePort();
    const first = await startEmbeddedPostgres({ folder, port, quiet: true });
    expect(existsSync(path.join(folder, 'pgdata', 'PG_VERSION'))).toBe(true);
    await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');

    // A second start while the first runs (a CLI command next to `npm start`) reuses it.
    const second = await startEmbeddedPostgres({ folder, port, quiet: true });
    expect(second.url).toBe(first.url);
    await second.stop();
    expect(await query(first.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
    // The app (reuse: false) refuses a server it did not start, with a way out.
    await expect(startEmbeddedPostgres({ folder, port, quiet: true, reuse: false })).rejects.toThrow(/already running.*kill \$\(head -1 .*postmaster\.pid\)/);

    await first.stop();
    expect(existsSync(path.join(folder, 'pgdata', 'postmaster.pid'))).toBe(false);
    const again = await startEmbeddedPostgres({ folder, port, quiet: true });
    try {
      expect(await query(again.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
      expect((await query(again.url, 'SELECT version()'))[0].version).toMatch(/^PostgreSQL 17\./);
    } finally {
      await again.stop();
    }
  });
});
