import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { retryDelay, SaveQueue, type PendingSave, type SaveResult } from '@/components/rating/save-queue';

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

function settled(queue: SaveQueue): Promise<void> {
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
