/**
 * What may reach a log line. Fields are an allow-list: any other name (password, token, cookie,
 * caseText, score, ...) is dropped, only its name is kept. Free text (error messages) is cut to its
 * first line and scrubbed of what could carry a secret or study data: quoted values, e-mail
 * addresses, credentials in URLs, `key=value` secrets and long token-like strings.
 */
export const ALLOWED_FIELDS = [
  'requestId',
  'component',
  'route',
  'method',
  'status',
  'code',
  'durationMs',
  'attempt',
  'projectId',
  'releaseId',
] as const;

export type LogField = (typeof ALLOWED_FIELDS)[number];
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Partial<Record<LogField, LogValue>>;

const ALLOWED = new Set<string>(ALLOWED_FIELDS);
const MAX_TEXT = 300;
const REDACTED = '[redacted]';

const RULES: [RegExp, string][] = [
  // scheme://user:password@host -> scheme://[redacted]@host
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, `$1${REDACTED}@`],
  // password=..., token: ..., "secret": ... (also in query strings and headers)
  [/\b([\w-]*(?:pass(?:word)?|pwd|secret|token|cookie|authorization|api[_-]?key|session)[\w-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi, `$1$2${REDACTED}`],
  [/\bBearer\s+\S+/gi, `Bearer ${REDACTED}`],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[email]'],
  // Quoted values: what the database or a library quotes is usually data (a name, a case's text).
  [/"[^"]*"|'[^']*'|`[^`]*`|«[^»]*»/g, `"${REDACTED}"`],
  // Long token-like runs with letters and digits: secrets, JWTs, hashes, ids.
  [/\b(?=[A-Za-z0-9+/_=.-]*\d)(?=[A-Za-z0-9+/_=.-]*[A-Za-z])[A-Za-z0-9+/_=.-]{24,}/g, REDACTED],
];

export function redactText(text: string): string {
  let line = text.split(/\r?\n/, 1)[0] ?? '';
  for (const [pattern, replacement] of RULES) line = line.replace(pattern, replacement);
  return line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT)}…` : line;
}

/** Keeps allowed fields (strings scrubbed, numbers and booleans as they are) and names the dropped ones. */
export function pickSafeFields(fields: Record<string, unknown>): { safe: Record<string, LogValue>; dropped: string[] } {
  const safe: Record<string, LogValue> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (!ALLOWED.has(name)) {
      dropped.push(name.replace(/[^\w.-]/g, '').slice(0, 40));
      continue;
    }
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) safe[name] = value;
    else if (typeof value === 'string') safe[name] = name === 'requestId' ? value.slice(0, 128) : redactText(value);
    else dropped.push(name);
  }
  return { safe, dropped };
}

/** An error as a log may show it: its class, its code (SQLSTATE, Prisma or AppError code), a scrubbed first line of its message and its stack frames (code locations only). */
export function describeError(error: unknown): Record<string, string | string[]> {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const described: Record<string, string | string[]> = { errorName: error.name, errorMessage: redactText(error.message) };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[\w.-]{1,40}$/.test(code)) described.errorCode = code;
  const frames = (error.stack ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, 8)
    .map(redactText);
  if (frames.length > 0) described.stack = frames;
  return described;
}
