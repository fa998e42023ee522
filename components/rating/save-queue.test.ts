import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { PersistentQueue, postJson, queueMessage, retryDelay, SaveQueue, type PendingSave, type QueuedItem, type SaveResult } from '@/components/rating/save-queue';

type Received = { clientId: string; optionId: string; score: number | null; givenAt: number; activeMs: number };

/** A real HTTP endpoint that answers each request with the next scripted status (then 200). */
async function endpoint(script: number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const save = JSON.parse(body) as Received;
      received.push(save);
      const status = script.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status === 200 ? { outcome: 'applied', optionId: save.optionId, score: save.score, rated: 1, total: 2, completed: false, submitted: false } : { message: status === 423 ? 'This case is locked by a release.' : 'boom' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/api/ratings`, received, server };
}

function settled(queue: Pick<SaveQueue, 'getSnapshot' | 'subscribe'> | Pick<PersistentQueue<Item, unknown>, 'getSnapshot' | 'subscribe'>): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const s = queue.getSnapshot();
      if (s.pending.size === 0 && s.sending === null) resolve();
    };
    queue.subscribe(check);
    check();
  });
}

let open: Server | undefined;
afterEach(() => open?.close());

describe('the rating screen save queue (real HTTP)', () => {
  it('retries a save the server failed (5xx) with the same id until it lands, in the order given', async () => {
    const api = await endpoint([503, 500]);
    open = api.server;
    const results: Array<[SaveResult, PendingSave]> = [];
    const queue = new SaveQueue('u1', api.url, (r, s) => results.push([r, s]));
    queue.add({ caseId: 'c', optionId: 'o1', score: 7, activeMs: 1200 });
    queue.add({ caseId: 'c', optionId: 'o2', score: null, activeMs: 0 });
    const problems: Array<string | null> = [];
    queue.subscribe(() => problems.push(queue.getSnapshot().problem));
    await settled(queue);
    expect(api.received.map((r) => [r.optionId, r.score])).toEqual([['o1', 7], ['o1', 7], ['o1', 7], ['o2', null]]);
    expect(new Set(api.received.slice(0, 3).map((r) => r.clientId)).size).toBe(1);
    expect(api.received[0].activeMs).toBe(1200);
    expect(api.received[3].givenAt).toBeGreaterThan(api.received[0].givenAt);
    expect(problems).toContain('server');
    expect(results.map(([r]) => r.optionId)).toEqual(['o1', 'o2']);
    expect(queue.getSnapshot().problem).toBeNull();
  });

  it('drops a save the server refused for good (4xx) and reports why for its option, then goes on', async () => {
    const api = await endpoint([423]);
    open = api.server;
    const queue = new SaveQueue('u1', api.url, () => undefined);
    queue.add({ caseId: 'c', optionId: 'o1', score: 3, activeMs: 0 });
    queue.add({ caseId: 'c', optionId: 'o2', score: 4, activeMs: 0 });
    await settled(queue);
    expect(api.received).toHaveLength(2);
    expect(queue.getSnapshot().refused.get('o1')).toBe('This case is locked by a release.');
    expect(queue.getSnapshot().refused.has('o2')).toBe(false);
  });

  it('keeps saves while the connection resets, and sends them at once when the browser is back online', async () => {
    let down = true;
    const received: string[] = [];
    const server = createServer((request, response) => {
      if (down) return request.socket.destroy();
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const save = JSON.parse(body) as Received;
        received.push(save.clientId);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ outcome: 'applied', optionId: save.optionId, score: save.score, rated: 1, total: 1, completed: true, submitted: false }));
      });
    });
    open = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const queue = new SaveQueue('u1', `http://127.0.0.1:${port}/api/ratings`, () => undefined);
    const save = queue.add({ caseId: 'c', optionId: 'o1', score: 9, activeMs: 0 });
    await new Promise<void>((resolve) => queue.subscribe(() => queue.getSnapshot().problem && resolve()));
    expect(queue.getSnapshot().problem).toBe('offline');
    expect(queue.getSnapshot().pending.get('o1')?.score).toBe(9);
    expect(queue.getSnapshot().retryAt).toBeGreaterThan(Date.now());
    down = false;
    queue.retryNow();
    await settled(queue);
    expect(received).toEqual([save.clientId]);
    expect(queue.getSnapshot().problem).toBeNull();
  });

  it('[PHYSICIAN] after a server outage a waiting save is retried within 4 s, however long the outage lasted', () => {
    const waits = Array.from({ length: 12 }, (_, failures) => retryDelay(failures, 'server'));
    expect(waits.slice(0, 4)).toEqual([500, 1000, 2000, 4000]);
    expect(Math.max(...waits)).toBe(4000);
    expect(retryDelay(0, 'offline')).toBe(500);
    expect(retryDelay(5, 'signed-out')).toBe(30_000);
  });
});

type Item = QueuedItem & { reviewId: string; optionId: number; verdict: string };

/** A real HTTP endpoint answering each request with the next scripted status (then 200), echoing the item. */
async function itemEndpoint(script: number[]): Promise<{ url: string; received: Item[]; server: Server }> {
  const received: Item[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const item = JSON.parse(body) as Item;
      received.push(item);
      const status = script.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status === 200 ? { verdict: item.verdict } : { message: status === 404 ? 'No such plan to judge.' : `status ${status}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/api/plan-verdicts`, received, server };
}

function itemQueue(url: string, onResult: (r: { verdict: string }, item: Item) => void = () => undefined) {
  return new PersistentQueue<Item, { verdict: string }>(
    'u1',
    { database: 'test-queue', store: 'items', keyOf: (i) => `${i.reviewId}:${i.optionId}`, send: (i) => postJson(url, i, (status) => `refused ${status}`) },
    onResult,
  );
}

describe('the generic persistent queue (as the judging screen uses it, real HTTP)', () => {
  it('retries 408, 429 and 5xx answers, keyed by its own key, and reports results in the order given', async () => {
    const api = await itemEndpoint([408, 429, 502]);
    open = api.server;
    const results: string[] = [];
    const problems = new Set<string | null>();
    const queue = itemQueue(api.url, (r, item) => results.push(`${item.reviewId}:${item.optionId}=${r.verdict}`));
    queue.subscribe(() => problems.add(queue.getSnapshot().problem));
    queue.add({ reviewId: 'r1', optionId: 3, verdict: 'yes' });
    queue.add({ reviewId: 'r2', optionId: 3, verdict: 'no' });
    queue.add({ reviewId: 'r1', optionId: 3, verdict: 'partial' });
    // Two options of two reviews wait; the newest verdict of r1:3 is what the screen shows.
    expect([...queue.getSnapshot().pending.keys()].sort()).toEqual(['r1:3', 'r2:3']);
    expect(queue.getSnapshot().pending.get('r1:3')?.verdict).toBe('partial');
    await settled(queue);
    expect(queue.getSnapshot().pending.size).toBe(0);
    expect(api.received.map((r) => `${r.reviewId}:${r.verdict}`)).toEqual(['r1:yes', 'r1:yes', 'r1:yes', 'r1:yes', 'r2:no', 'r1:partial']);
    expect(new Set(api.received.slice(0, 4).map((r) => r.clientId)).size).toBe(1);
    expect(api.received[5].givenAt).toBeGreaterThan(api.received[0].givenAt);
    expect(results).toEqual(['r1:3=yes', 'r2:3=no', 'r1:3=partial']);
    expect(problems).toContain('server');
    expect(queue.getSnapshot().problem).toBeNull();
  });

  it('drops a refused item (404) with the reason under its key, keeps going, and a new item of that key clears the refusal', async () => {
    const api = await itemEndpoint([404]);
    open = api.server;
    const queue = itemQueue(api.url);
    queue.add({ reviewId: 'r9', optionId: 1, verdict: 'yes' });
    queue.add({ reviewId: 'r1', optionId: 2, verdict: 'no' });
    await settled(queue);
    expect(api.received).toHaveLength(2);
    expect([...queue.getSnapshot().refused]).toEqual([['r9:1', 'No such plan to judge.']]);
    queue.add({ reviewId: 'r9', optionId: 1, verdict: 'no' });
    expect(queue.getSnapshot().refused.size).toBe(0);
    await settled(queue);
    expect(api.received).toHaveLength(3);
  });

  it('waits 30 s after a 401 (signed out) and settles with the item still pending', async () => {
    const api = await itemEndpoint([401]);
    open = api.server;
    const queue = itemQueue(api.url);
    const before = Date.now();
    queue.add({ reviewId: 'r1', optionId: 1, verdict: 'yes' });
    const stuck = await queue.settled();
    expect(stuck.problem).toBe('signed-out');
    expect(stuck.pending.has('r1:1')).toBe(true);
    // The next try is the signed-out wait after the failure, whenever that was.
    expect(stuck.retryAt! - before).toBeGreaterThanOrEqual(retryDelay(0, 'signed-out'));
    expect(queueMessage(stuck, Date.now(), 'verdict')).toMatch(/^Your session has ended\. 1 verdict is kept in this browser/);
    queue.retryNow();
    await new Promise<void>((resolve) => queue.subscribe(() => queue.getSnapshot().pending.size === 0 && resolve()));
    expect(api.received).toHaveLength(2);
    queue.dispose();
  });

  it('says in plain words how many items wait and why', () => {
    const pending = new Map([['a', { clientId: 'x', userId: 'u', givenAt: 1 }], ['b', { clientId: 'y', userId: 'u', givenAt: 2 }], ['c', { clientId: 'z', userId: 'u', givenAt: 3 }]]);
    const base = { pending, sending: null, refused: new Map(), retryAt: null };
    expect(queueMessage({ ...base, problem: null }, 0, 'verdict')).toBeNull();
    expect(queueMessage({ ...base, problem: 'offline' }, 0, 'verdict')).toBe('3 verdicts are waiting for the connection; they will be saved automatically.');
    expect(queueMessage({ ...base, pending: new Map([...pending].slice(0, 1)), problem: 'offline' }, 0, 'score')).toBe('1 score is waiting for the connection; it will be saved automatically.');
    expect(queueMessage({ ...base, problem: 'server', retryAt: 3_500 }, 1_000, 'verdict')).toBe('The server did not save 3 verdicts just now. They are kept in this browser and retried automatically (next try in 3 s).');
  });
});
