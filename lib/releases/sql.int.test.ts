import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { prismaTypes, viaPg, viaPrisma, type SqlRead } from '@/lib/releases/sql';

// One query through both readers: the values every release column type gives must be the same
// (the lock hashes through Prisma, the export worker reads through node-postgres).
const probe = (read: SqlRead) => read<Record<string, unknown>>`
  SELECT true AS b, 7::int4 AS i, 'naïve "text"'::text AS t, 0.1::float8 + 0.2::float8 AS f,
         '{"b":1,"a":[1.5,-0,12345678901234567890],"é":null}'::json AS js,
         '{"b":1,"a":[1.5,12345678901234567890]}'::jsonb AS jb,
         '2026-03-08 02:30:00.123'::timestamp(3) AS ts, '2026-11-01 09:00:00.5+01'::timestamptz AS tz,
         ARRAY[3,1,2]::int4[] AS ints, ARRAY[]::int4[] AS none, ${'bound'}::text AS param`;

describe('SqlRead: Prisma and node-postgres give the same values (real PostgreSQL)', () => {
  let client: pg.Client;
  const zone = process.env.TZ;
  beforeAll(async () => {
    // Where node-postgres's own timestamp parser would read Prisma's UTC columns an hour or more off.
    process.env.TZ = 'America/New_York';
    client = new pg.Client({ connectionString: process.env.DATABASE_URL, types: prismaTypes(pg.types) });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('reads every type a release reads identically', async () => {
    const [viaClient] = await probe(viaPg(client));
    const [viaApp] = await probe(viaPrisma(getDb()));
    expect(viaClient).toEqual(viaApp);
    expect((viaClient.ts as Date).toISOString()).toBe('2026-03-08T02:30:00.123Z');
    expect(viaClient.param).toBe('bound');
  });

  it('refuses a column type it would read differently, naming the column', async () => {
    await expect(viaPg(client)`SELECT count(*) AS n FROM (VALUES (1)) v`).rejects.toThrow('column "n" has type id 20');
    await expect(viaPg(client)`SELECT 2.5::numeric AS x`).rejects.toThrow('column "x" has type id 1700');
  });
});
