import { describeError, pickSafeFields, redactText, type LogFields } from './redact';

/**
 * Structured logs: one JSON object per line (time, level, message, request id, a few allow-listed
 * fields), warnings and errors on stderr, the rest on stdout, ready for a log collector. Never pass
 * a password, token, cookie, case text or score: unknown fields are dropped anyway (lib/log/redact.ts).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, line: string) => void;

const defaultSink: LogSink = (level, line) => {
  (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
};

let sink: LogSink = defaultSink;

/** For tests: capture the lines; returns a function that restores the real output. */
export function setLogSink(next: LogSink): () => void {
  sink = next;
  return () => {
    sink = defaultSink;
  };
}

export function formatLogLine(level: LogLevel, message: string, fields: LogFields & Record<string, unknown> = {}, error?: unknown): string {
  const { safe, dropped } = pickSafeFields(fields);
  const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg: redactText(message), ...safe };
  if (error !== undefined) Object.assign(entry, describeError(error));
  if (dropped.length > 0) entry.droppedFields = dropped;
  return JSON.stringify(entry);
}

function write(level: LogLevel, message: string, fields?: LogFields, error?: unknown): void {
  try {
    sink(level, formatLogLine(level, message, fields, error));
  } catch {
    // Logging must never break the request it describes.
  }
}

export const log = {
  debug: (message: string, fields?: LogFields) => write('debug', message, fields),
  info: (message: string, fields?: LogFields) => write('info', message, fields),
  warn: (message: string, fields?: LogFields, error?: unknown) => write('warn', message, fields, error),
  error: (message: string, fields?: LogFields, error?: unknown) => write('error', message, fields, error),
};
