import { z } from 'zod';

/** Action families offered by the filter (an action matches its family: "rating" matches "rating.change"). */
export const ACTION_FAMILIES = [
  'rating',
  'assignment',
  'assignments',
  'cases',
  'project',
  'release',
  'adjudication',
  'option',
  'invitation',
  'user',
  'flag',
  'comment',
  'ratings',
  'session',
] as const;

/** True for a calendar date that exists (2026-02-29 and 2026-13-45 do not). */
export function isRealDay(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date as YYYY-MM-DD', abort: true })
  .refine(isRealDay, { message: 'a date that exists (month 01-12, a day that month has)' });

/** A page position: the (at, id) of the row to continue from. */
export const cursorSchema = z
  .string()
  .max(80)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|(event|rating):\d{20}$/, 'a cursor from an "older" or "newer" link');

/** The audit page's filters, from URL search params (empty strings mean "no filter"). */
export const auditFilterSchema = z.object({
  action: z.string().max(60).regex(/^[a-z][a-z0-9._-]*$/, 'an action name such as "rating" or "rating.change"').optional(),
  /** A user id, or "unknown" for changes nobody was named for. */
  actor: z.string().max(64).regex(/^[A-Za-z0-9_-]+$/, 'a user id or "unknown"').optional(),
  from: day.optional(),
  to: day.optional(),
  older: cursorSchema.optional(),
  newer: cursorSchema.optional(),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** Parse URL search params into filters: blanks dropped; a bad value is an INVALID_INPUT-style message. */
export function parseAuditFilter(params: Record<string, string | string[] | undefined>): { ok: true; filter: AuditFilter } | { ok: false; message: string } {
  const raw: Record<string, string> = {};
  for (const key of ['action', 'actor', 'from', 'to', 'older', 'newer']) {
    const value = params[key];
    const one = Array.isArray(value) ? value[0] : value;
    if (one && one.trim()) raw[key] = one.trim();
  }
  const parsed = auditFilterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${issue.path.join('.')}: expected ${issue.message}` };
  }
  if (parsed.data.from && parsed.data.to && parsed.data.from > parsed.data.to) return { ok: false, message: 'from: must not be after "to"' };
  return { ok: true, filter: parsed.data };
}

/** The page's query string for a filter (the cursor left out), plus extra params such as a cursor. */
export function auditQuery(filter: AuditFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of ['action', 'actor', 'from', 'to'] as const) if (filter[key]) params.set(key, filter[key]!);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}
