import type { z } from 'zod';
import { AppError } from '@/lib/errors';

/**
 * The JSON endpoints that the app's own screens call with fetch (the rating screen's saves, the
 * judging screen's verdicts): what they accept, in one place.
 */

/** The request headers the checks read (from a web Request or a node:http request alike). */
export type JsonRequestHeaders = { contentType: string | null; secFetchSite: string | null };

/**
 * A JSON body, from a page of this origin. SameSite cookies already keep other sites' requests
 * unauthenticated; this also refuses a same-site page of another origin (a sibling subdomain) by
 * the browser's Sec-Fetch-Site, and a cross-origin form post (text/plain, which needs no CORS
 * preflight) whose body happens to be JSON. Clients other than browsers send no Sec-Fetch-Site.
 */
export function checkJsonRequest({ contentType, secFetchSite }: JsonRequestHeaders): void {
  if (secFetchSite !== null && secFetchSite !== 'same-origin' && secFetchSite !== 'none') {
    throw new AppError('FORBIDDEN', 'This endpoint answers only the pages of this site.');
  }
  if (!contentType || contentType.split(';')[0].trim().toLowerCase() !== 'application/json') {
    throw new AppError('INVALID_INPUT', 'The request body must be JSON, sent as application/json.');
  }
}

/** `text` parsed as JSON and checked by `schema`; `text` null means the reader stopped early (certainly too large). */
export function parseJsonBody<S extends z.ZodType>(text: string | null, schema: S, limit: { maxChars: number; noun: string }): z.infer<S> {
  if (text === null || text.length > limit.maxChars) throw new AppError('INVALID_INPUT', `A ${limit.noun} is at most ${limit.maxChars} characters.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_INPUT', 'The request body is not JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_INPUT', `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return parsed.data;
}
