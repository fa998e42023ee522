import 'server-only';
import { headers } from 'next/headers';
import { log } from './logger';
import type { LogFields } from './redact';
import { isValidRequestId, REQUEST_ID_HEADER } from './request-id';

/** The id proxy.ts gave the current request; undefined outside a request (background work). */
export async function currentRequestId(): Promise<string | undefined> {
  try {
    const id = (await headers()).get(REQUEST_ID_HEADER);
    return isValidRequestId(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Logs an unexpected error of the current request with its request id. */
export async function logUnexpectedError(component: string, error: unknown, fields: LogFields = {}): Promise<void> {
  log.error('unexpected error', { component, requestId: await currentRequestId(), ...fields }, error);
}
