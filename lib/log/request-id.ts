/**
 * Request ids tie a request's log lines together (and to the proxy's access log). proxy.ts gives
 * every request one; a well-formed id from the reverse proxy in front (e.g. nginx `$request_id`) is
 * kept, anything else is replaced by a random UUID, so a client cannot smuggle text into the logs.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function isValidRequestId(value: string | null | undefined): value is string {
  return typeof value === 'string' && VALID_REQUEST_ID.test(value);
}

/** The incoming id when it is well formed, else a fresh random one. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get(REQUEST_ID_HEADER);
  return isValidRequestId(incoming) ? incoming : crypto.randomUUID();
}
