import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode } from 'next-auth/jwt';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/ratings/route';
import type { SessionUser } from '@/lib/auth/roles';
import { SESSION_MAX_AGE_S } from '@/lib/auth/session-token';
import { getDb } from '@/lib/db';
import { createFastSave, type FastSave } from '@/lib/ratings/fast-save';
import { saveRating } from '@/lib/ratings/save';
import { clearSessionCache } from '@/lib/ratings/session-cookie';
import { STATIC_SECURITY_HEADERS } from '@/lib/security/headers';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

type Answer = { status: number; body: unknown; headers: Headers };
type Sent = { cookie?: string; body: string; headers?: Record<string, string> };

/**
 * The production server's lean save handler (lib/ratings/fast-save.ts) against the Next route it
 * stands in for (app/api/ratings/route.ts, called as Next calls it): for every kind of request the
 * same status and the same JSON. Each pair of requests is built so that both answers must match.
 */
describe('POST /api/ratings: the lean handler answers as the Next route (real PostgreSQL)', () => {
  let fast: FastSave;
  let server: http.Server;
  let origin: string;
  let raters: SessionUser[];
  let stranger: SessionUser;
  let open: Awaited<ReturnType<typeof optionsOf>>;
  let locked: Awaited<ReturnType<typeof optionsOf>>;

  async function cookieOf(user: { id: string }, claims: Record<string, unknown> = {}): Promise<string> {
    const { sessionVersion } = await getDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
    const token = await encode({ token: { sub: user.id, uid: user.id, sv: sessionVersion, since: Date.now(), ...claims }, secret: process.env.AUTH_SECRET!, salt: 'authjs.session-token', maxAge: SESSION_MAX_AGE_S });
    return `authjs.session-token=${token}`;
  }

  async function toFast(sent: Sent): Promise<Answer> {
    const response = await fetch(`${origin}/api/ratings`, { method: 'POST', headers: { 'content-type': 'application/json', ...(sent.cookie ? { cookie: sent.cookie } : {}), ...sent.headers }, body: sent.body });
    const text = await response.text();
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    return { status: response.status, body: JSON.parse(text), headers: response.headers };
  }

  async function toNext(sent: Sent): Promise<Answer> {
    const request = new Request('http://127.0.0.1/api/ratings', { method: 'POST', headers: { 'content-type': 'application/json', ...(sent.cookie ? { cookie: sent.cookie } : {}), ...sent.headers }, body: sent.body });
    const response = await POST(request);
    return { status: response.status, body: await response.json(), headers: response.headers };
  }

  const save = (optionId: string, score: number | null = 6) => ({ clientId: randomUUID(), optionId, score, givenAt: Date.now(), activeMs: 1500 });

  beforeAll(async () => {
    process.env.AUTH_SECRET = randomBytes(33).toString('base64');
    clearSessionCache();
    raters = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card'])];
    await importNoharm('fast-save', ['Card001', 'Card002']);
    stranger = await makeUser('PHYSICIAN', ['Card']);
    open = await optionsOf('Card001', 'fast-save');
    locked = await optionsOf('Card002', 'fast-save');
    await getDb().$executeRaw`UPDATE cases SET locked_at = CURRENT_TIMESTAMP WHERE id = ${locked[0].caseId}`;
    fast = createFastSave(process.env.DATABASE_URL!, 4);
    server = http.createServer((request, response) => void fast.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await fast.close();
  });

  it('[PHYSICIAN] a save and its retry: the same answers from both (two physicians in the same state, one per path)', async () => {
    const [a, b] = [await cookieOf(raters[0]), await cookieOf(raters[1])];
    const first = save(open[0].id, 7);
    const body = JSON.stringify(first);
    const fastFirst = await toFast({ cookie: a, body });
    const nextFirst = await toNext({ cookie: b, body: JSON.stringify({ ...first, clientId: randomUUID() }) });
    expect(fastFirst.status).toBe(200);
    expect(fastFirst.body).toEqual({ outcome: 'applied', optionId: open[0].id, score: 7, rated: 1, total: open.length, completed: false, submitted: false });
    expect(nextFirst).toMatchObject({ status: 200, body: fastFirst.body });
    // The retry of the lean handler's save, sent to each path: a duplicate, answered alike.
    const dupFast = await toFast({ cookie: a, body });
    const dupNext = await toNext({ cookie: a, body });
    expect(dupFast).toMatchObject({ status: 200, body: { ...fastFirst.body as object, outcome: 'duplicate' } });
    expect(dupNext).toMatchObject({ status: 200, body: dupFast.body });
    const stored = await getDb().rating.findMany({ where: { optionId: open[0].id }, select: { userId: true, score: true } });
    expect(stored.sort((x, y) => x.userId.localeCompare(y.userId))).toEqual([{ userId: raters[0].id, score: 7 }, { userId: raters[1].id, score: 7 }].sort((x, y) => x.userId.localeCompare(y.userId)));
  });

  const refusals: Array<[string, number, string, () => Promise<Sent>]> = [
    ['no session cookie', 401, 'UNAUTHENTICATED', async () => ({ body: JSON.stringify(save(open[1].id)) })],
    ['a cookie that does not decode', 401, 'UNAUTHENTICATED', async () => ({ cookie: 'authjs.session-token=not-a-token', body: JSON.stringify(save(open[1].id)) })],
    ['a session past its lifetime', 401, 'UNAUTHENTICATED', async () => ({ cookie: await cookieOf(raters[0], { since: Date.now() - (SESSION_MAX_AGE_S + 60) * 1000 }), body: JSON.stringify(save(open[1].id)) })],
    ['a signed-out session (older session version)', 401, 'UNAUTHENTICATED', async () => ({ cookie: await cookieOf(raters[0], { sv: -1 }), body: JSON.stringify(save(open[1].id)) })],
    ['a page of another origin of the same site (Sec-Fetch-Site)', 403, 'FORBIDDEN', async () => ({ cookie: await cookieOf(raters[0]), body: JSON.stringify(save(open[1].id)), headers: { 'sec-fetch-site': 'same-site' } })],
    ['a form post (text/plain) whose body is JSON', 400, 'INVALID_INPUT', async () => ({ cookie: await cookieOf(raters[0]), body: JSON.stringify(save(open[1].id)), headers: { 'content-type': 'text/plain' } })],
    ['a body that is not JSON', 400, 'INVALID_INPUT', async () => ({ cookie: await cookieOf(raters[0]), body: '{"clientId":' })],
    ['a body over the size limit', 400, 'INVALID_INPUT', async () => ({ cookie: await cookieOf(raters[0]), body: JSON.stringify({ ...save(open[1].id), pad: 'x'.repeat(5000) }) })],
    ['a body over the limit in multi-byte characters', 400, 'INVALID_INPUT', async () => ({ cookie: await cookieOf(raters[0]), body: JSON.stringify({ ...save(open[1].id), pad: 'é'.repeat(4200) }) })],
    ['a score out of range', 400, 'INVALID_INPUT', async () => ({ cookie: await cookieOf(raters[0]), body: JSON.stringify({ ...save(open[1].id), score: 12 }) })],
    ['an option of a case not assigned to the physician', 404, 'NOT_FOUND', async () => ({ cookie: await cookieOf(stranger), body: JSON.stringify(save(open[1].id)) })],
    ['an option of a locked case', 423, 'LOCKED', async () => ({ cookie: await cookieOf(raters[0]), body: JSON.stringify(save(locked[1].id)) })],
  ];

  for (const [what, status, code, make] of refusals) {
    it(`[PHYSICIAN] ${what}: ${status} ${code} from both, and nothing saved`, async () => {
      const sent = await make();
      const before = await getDb().ratingSave.count();
      const fastAnswer = await toFast(sent);
      const nextAnswer = await toNext(sent);
      expect(fastAnswer.status).toBe(status);
      expect(fastAnswer.body).toMatchObject({ error: code });
      expect(nextAnswer).toMatchObject({ status: fastAnswer.status, body: fastAnswer.body });
      expect(Object.keys(nextAnswer.body as object).sort()).toEqual(Object.keys(fastAnswer.body as object).sort());
      expect(await getDb().ratingSave.count()).toBe(before);
    });
  }

  it('[PHYSICIAN] a save id reused for another option: 409 CONFLICT from both', async () => {
    const cookie = await cookieOf(raters[0]);
    const first = save(open[2].id, 3);
    expect((await toFast({ cookie, body: JSON.stringify(first) })).status).toBe(200);
    const reused = JSON.stringify({ ...first, optionId: open[3].id });
    const fastAnswer = await toFast({ cookie, body: reused });
    expect(fastAnswer).toMatchObject({ status: 409, body: { error: 'CONFLICT' } });
    expect(await toNext({ cookie, body: reused })).toMatchObject({ status: 409, body: fastAnswer.body });
  });

  it('[ANONYMOUS] the lean answer carries the request id (kept when well formed), the static security headers, and HSTS only behind HTTPS', async () => {
    const plain = await toFast({ body: '{}', headers: { 'x-request-id': 'fast-save-test-0001' } });
    expect(plain.headers.get('x-request-id')).toBe('fast-save-test-0001');
    for (const { key, value } of STATIC_SECURITY_HEADERS) expect(plain.headers.get(key)).toBe(value);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const smuggled = await toFast({ body: '{}', headers: { 'x-request-id': 'bad id with spaces', 'x-forwarded-proto': 'https' } });
    expect(smuggled.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(smuggled.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('[PHYSICIAN] a save through either path notifies live views of its project after the commit; other writers still notify from the trigger', async () => {
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (message) => {
      if (message.channel === 'primum_ratings' && message.payload) heard.push(message.payload);
    });
    await listener.query('LISTEN primum_ratings');
    const { projectId } = await getDb().case.findUniqueOrThrow({ where: { id: open[0].caseId }, select: { projectId: true } });
    const waitFor = async (count: number) => {
      for (let i = 0; i < 100 && heard.length < count; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      return [...heard];
    };
    try {
      const cookie = await cookieOf(raters[1]);
      expect((await toFast({ cookie, body: JSON.stringify(save(open[5].id, 2)) })).body).toMatchObject({ outcome: 'applied' });
      expect(await waitFor(1)).toEqual([projectId]);
      expect((await toNext({ cookie, body: JSON.stringify(save(open[6].id, 2)) })).body).toMatchObject({ outcome: 'applied' });
      expect(await waitFor(2)).toEqual([projectId, projectId]);
      // A retry notifies again (its first answer may have been lost with a server that stopped before
      // notifying); a refused save notifies nobody. Once the handler's notifications are sent, a
      // sentinel sent after them arrives after them (one session's notifications keep commit order).
      const retry = save(open[7].id, 4);
      expect((await toFast({ cookie, body: JSON.stringify(retry) })).body).toMatchObject({ outcome: 'applied' });
      expect((await toFast({ cookie, body: JSON.stringify(retry) })).body).toMatchObject({ outcome: 'duplicate' });
      expect((await toFast({ cookie: await cookieOf(stranger), body: JSON.stringify(save(open[8].id, 4)) })).status).toBe(404);
      await fast.notified();
      await getDb().$executeRaw`SELECT pg_notify('primum_ratings', 'sentinel')`;
      expect(await waitFor(5)).toEqual([projectId, projectId, projectId, projectId, 'sentinel']);
      heard.splice(heard.indexOf('sentinel'), 1);
      // The deferral is the save's transaction only: a later write on the same connection notifies from the trigger.
      const session = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await session.connect();
      try {
        await session.query('SELECT * FROM primum_save_rating($1, $2, $3, 5, $4, now(), 0, true)', [raters[1].id, (await getDb().user.findUniqueOrThrow({ where: { id: raters[1].id } })).sessionVersion, open[9].id, randomUUID()]);
        await session.query('SELECT * FROM primum_save_rating($1, NULL, $2, 6, $3, now(), 0, false)', [raters[1].id, open[10].id, randomUUID()]);
      } finally {
        await session.end();
      }
      expect(await waitFor(5)).toHaveLength(5);
      await saveRating({ userId: raters[1].id, clientId: randomUUID(), optionId: open[11].id, score: 1, givenAt: Date.now(), activeMs: 0 });
      expect(await waitFor(6)).toEqual(Array(6).fill(projectId));
    } finally {
      await listener.end();
    }
  });

  it('[PHYSICIAN] an unreachable database: 500 INTERNAL with the generic message (the save queue retries it)', async () => {
    const broken = createFastSave('postgresql://postgres@127.0.0.1:1/primum_no_such_database', 1);
    const other = http.createServer((request, response) => void broken.handle(request, response));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/api/ratings`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: await cookieOf(raters[0]) }, body: JSON.stringify(save(open[4].id)) });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'INTERNAL', message: 'Something went wrong on our side.' });
    } finally {
      await new Promise((resolve) => other.close(resolve));
      await broken.close();
    }
  });
});
