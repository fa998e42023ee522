import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pg from 'pg';
import { log } from '@/lib/log/logger';
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/log/request-id';
import { notificationsSent, saveRating, type SaveQuery } from '@/lib/ratings/save';
import { answerSaveRequest, MAX_SAVE_BODY_CHARS } from '@/lib/ratings/save-request';
import { HSTS_HEADER, STATIC_SECURITY_HEADERS } from '@/lib/security/headers';

/**
 * POST /api/ratings answered by the production server itself (lib/server/app-server.ts), beside
 * Next: the same answerSaveRequest as app/api/ratings/route.ts, without Next's per-request
 * machinery (routing, web streams, gzip of a 150-byte answer), over a `pg` pool instead of Prisma.
 * It sends what Next would add to that route's answer: the request id (proxy.ts) and the static
 * security headers, HSTS behind HTTPS (next.config.ts).
 */
export const FAST_SAVE_PATH = '/api/ratings';

/** Whether the request is one this handler answers; everything else goes to Next. */
export function isFastSave(request: IncomingMessage): boolean {
  if (request.method !== 'POST' || !request.url) return false;
  const query = request.url.indexOf('?');
  return (query < 0 ? request.url : request.url.slice(0, query)) === FAST_SAVE_PATH;
}

// A UTF-8 byte decodes to at most one character: past 3 bytes per allowed character the body
// is certainly over the limit in characters, so the rest is not kept.
const MAX_BODY_BYTES = MAX_SAVE_BODY_CHARS * 3;

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? null : new TextDecoder().decode(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}

function headerOf(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

/** The request id of the proxy when well formed (proxy.ts's rule), else a new one. */
function requestIdOf(request: IncomingMessage): string {
  return requestIdFrom(new Headers(request.headers[REQUEST_ID_HEADER] ? { [REQUEST_ID_HEADER]: headerOf(request, REQUEST_ID_HEADER)! } : {}));
}

/** What Next would add to the route's answer: the request id, the static security headers, HSTS behind HTTPS. */
function answerHeaders(request: IncomingMessage, requestId: string, length: number): Record<string, string | number> {
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': length, [REQUEST_ID_HEADER]: requestId };
  for (const { key, value } of STATIC_SECURITY_HEADERS) headers[key] = value;
  if (headerOf(request, 'x-forwarded-proto') === 'https') headers[HSTS_HEADER.key] = HSTS_HEADER.value;
  return headers;
}

export type FastSave = {
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /** Resolves once the live notifications of the saves answered so far are sent. */
  notified: () => Promise<void>;
  close: () => Promise<void>;
};

/** The handler with its own pool of `max` connections to `databaseUrl` (the app's role). */
export function createFastSave(databaseUrl: string, max = 10): FastSave {
  // A database that does not answer a connection fails the save in 10 s (the queue retries it) instead of holding it.
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 10_000, application_name: 'primum save' });
  // An idle connection that dies (database restart) is dropped by the pool; the next save opens another.
  pool.on('error', (error) => log.warn('save pool connection lost', { component: 'api' }, error));
  // Named statements: PostgreSQL parses and plans the save's statement once per connection, not per save.
  const names = new Map<string, string>();
  const query: SaveQuery = async <T,>(sql: string, params: unknown[]) => {
    let name = names.get(sql);
    if (!name) names.set(sql, (name = `primum_save_${names.size + 1}`));
    return (await pool.query({ name, text: sql, values: params })).rows as T[];
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const forwardedProto = headerOf(request, 'x-forwarded-proto');
    const requestId = requestIdOf(request);
    const answer = await answerSaveRequest(
      {
        cookie: headerOf(request, 'cookie'),
        authorization: headerOf(request, 'authorization'),
        contentType: headerOf(request, 'content-type'),
        secFetchSite: headerOf(request, 'sec-fetch-site'),
        forwardedProto,
        protocol: 'http:',
        readBody: () => readBody(request),
      },
      { save: (input) => saveRating(input, query), logUnexpected: (error) => log.error('unexpected error', { component: 'api', requestId, status: 500 }, error) },
    );
    const body = Buffer.from(JSON.stringify(answer.body));
    response.writeHead(answer.status, answerHeaders(request, requestId, body.length));
    response.end(body);
  }

  return {
    handle: (request, response) =>
      handle(request, response).catch((error) => {
        // Only a broken request stream gets here (answerSaveRequest answers every other failure).
        const requestId = requestIdOf(request);
        log.error('unexpected error', { component: 'api', requestId, status: 500 }, error);
        const body = Buffer.from(JSON.stringify({ error: 'INTERNAL', message: 'Something went wrong on our side.' }));
        if (!response.headersSent) response.writeHead(500, answerHeaders(request, requestId, body.length));
        response.end(body);
      }),
    notified: () => notificationsSent(query),
    // The saves already answered send their live notifications first.
    close: async () => {
      await notificationsSent(query);
      await pool.end();
    },
  };
}
