import { isWithinLifetime, readClaims } from '@/lib/auth/session-token';
import { AppError, httpStatusOf, isAppError } from '@/lib/errors';
import type { SaveRatingResult } from '@/lib/ratings/save';
import { saveRatingSchema, type SaveRatingInput } from '@/lib/ratings/schema';
import { checkJsonRequest, parseJsonBody, type JsonRequestHeaders } from '@/lib/api/json-body';
import { readSessionToken } from '@/lib/ratings/session-cookie';

/**
 * POST /api/ratings, the rating screen's save endpoint, as one function of the request's parts:
 * app/api/ratings/route.ts (under `next dev`, or any `next start`) and the lean handler of the
 * production server (lib/ratings/fast-save.ts) both answer through it, so they answer alike.
 * The session cookie is only decrypted (and the result cached, session-cookie.ts), and
 * `primum_save_rating` checks that the session is current and the user an active
 * physician assigned to the case, in the one database round trip of the save. 4xx answers are
 * final (the queue drops the save and says why); 5xx and network errors are retried.
 */

/** A save is a few hundred bytes; anything much larger is not one. Counted in characters, as decoded. */
export const MAX_SAVE_BODY_CHARS = 4096;

export type SaveRequest = JsonRequestHeaders & {
  cookie: string | null;
  authorization: string | null;
  /** X-Forwarded-Proto of the TLS-terminating proxy, if any. */
  forwardedProto: string | null;
  /** The protocol the request reached this server by ('http:' or 'https:'). */
  protocol: string;
  /** The body as text; null when the handler stopped reading because it is certainly too large. */
  readBody: () => Promise<string | null>;
};

export type SaveAnswer = { status: number; body: SaveRatingResult | { error: string; message: string } };

export type SaveHandlers = {
  save: (input: { userId: string; sessionVersion: number } & SaveRatingInput) => Promise<SaveRatingResult>;
  /** Logs an unexpected error with the request id (the answer is a generic 500). */
  logUnexpected: (error: unknown) => void | Promise<void>;
};

/** Auth.js's rule for the cookie's name (__Secure- over HTTPS): AUTH_URL when set, else the proxy's protocol. */
export function isSecureCookie(request: Pick<SaveRequest, 'forwardedProto' | 'protocol'>): boolean {
  const publicUrl = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  return publicUrl ? publicUrl.startsWith('https:') : (request.forwardedProto ?? request.protocol).startsWith('https');
}


/** The status and JSON body of a save request; errors mapped as lib/api/respond.ts maps them. */
export async function answerSaveRequest(request: SaveRequest, handlers: SaveHandlers): Promise<SaveAnswer> {
  try {
    const token = await readSessionToken(request, isSecureCookie(request));
    // The session version is checked inside the save's one database call.
    const claims = readClaims(token);
    if (!claims || !isWithinLifetime(claims)) throw new AppError('UNAUTHENTICATED', 'Please sign in again; your unsaved scores are kept in this browser.');
    checkJsonRequest(request);
    const input: SaveRatingInput = parseJsonBody(await request.readBody(), saveRatingSchema, { maxChars: MAX_SAVE_BODY_CHARS, noun: 'save' });
    return { status: 200, body: await handlers.save({ userId: claims.uid, sessionVersion: claims.sv, ...input }) };
  } catch (error) {
    if (isAppError(error)) return { status: httpStatusOf(error), body: { error: error.code, message: error.message } };
    await handlers.logUnexpected(error);
    return { status: 500, body: { error: 'INTERNAL', message: 'Something went wrong on our side.' } };
  }
}
