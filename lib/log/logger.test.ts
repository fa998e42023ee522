import { afterEach, describe, expect, it } from 'vitest';
import { formatLogLine, log, setLogSink, type LogLevel } from '@/lib/log/logger';
import { describeError, pickSafeFields, redactText } from '@/lib/log/redact';

const REQUEST_ID = '3f2b8c1e-9d4a-4b7e-8a21-5c6d7e8f9a0b';
let restore = () => {};
afterEach(() => restore());

function capture(): { level: LogLevel; line: string }[] {
  const lines: { level: LogLevel; line: string }[] = [];
  restore = setLogSink((level, line) => lines.push({ level, line }));
  return lines;
}

describe('structured logger', () => {
  it('writes one JSON object per line with time, level, message and request id', () => {
    const lines = capture();
    log.info('server started', { component: 'server', requestId: REQUEST_ID });
    expect(lines).toHaveLength(1);
    expect(lines[0].line).not.toContain('\n');
    const entry = JSON.parse(lines[0].line);
    expect(entry).toMatchObject({ level: 'info', msg: 'server started', component: 'server', requestId: REQUEST_ID });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
  });

  it('an unexpected error becomes one JSON line with the request id, the error class and code, and its stack frames', () => {
    const lines = capture();
    const error = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    log.error('unexpected error', { component: 'api', requestId: REQUEST_ID, status: 500 }, error);
    expect(lines.map((l) => l.level)).toEqual(['error']);
    const entry = JSON.parse(lines[0].line);
    expect(entry).toMatchObject({ level: 'error', requestId: REQUEST_ID, status: 500, errorName: 'Error', errorCode: 'ECONNREFUSED' });
    expect(entry.errorMessage).toContain('ECONNREFUSED');
    expect(entry.stack[0]).toMatch(/^at /);
  });

  it('drops fields that are not on the allow-list, keeping only their names', () => {
    const line = formatLogLine('warn', 'rating refused', {
      requestId: REQUEST_ID,
      password: 'hunter2-Secret!',
      sessionToken: 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0',
      cookie: 'authjs.session-token=abc123',
      caseText: 'A 64-year-old man with crushing chest pain',
      score: 7,
    } as Record<string, unknown>);
    for (const secret of ['hunter2', 'eyJhbGci', 'abc123', 'crushing chest pain', '"score":7']) expect(line).not.toContain(secret);
    expect(JSON.parse(line).droppedFields).toEqual(['password', 'sessionToken', 'cookie', 'caseText', 'score']);
  });

  it('never lets a secret in an error message through', () => {
    const secrets = [
      'postgresql://primum_app:S3cretPassw0rd@db.hospital.org:5432/primum',
      'password=S3cretPassw0rd',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      'token "aW52aXRhdGlvbi10b2tlbi0xMjM0NTY3ODkw"',
      'Key (email)=(dr.house@princeton-plainsboro.org) already exists',
      'value "Aspirin 300 mg for suspected stroke" violates check constraint',
    ];
    const line = formatLogLine('error', 'failed', { requestId: REQUEST_ID }, new Error(secrets.join(' | ')));
    for (const needle of ['S3cretPassw0rd', 'eyJhbGciOiJIUzI1NiJ9', 'aW52aXRhdGlvbi10b2tlbi0xMjM0NTY3ODkw', 'dr.house', 'Aspirin']) {
      expect(line).not.toContain(needle);
    }
    const entry = JSON.parse(line);
    expect(entry.errorMessage).toContain('db.hospital.org:5432/primum');
    expect(entry.errorMessage).toContain('violates check constraint');
  });

  it('keeps only the first line of an error message (Prisma puts the query arguments on the next lines)', () => {
    const error = new Error('Invalid `prisma.rating.create()` invocation:\n\n{ data: { score: 7, note: "patient is 81" } }');
    const described = describeError(error);
    expect(described.errorMessage).not.toContain('score');
    expect(described.errorMessage).not.toContain('patient');
  });

  it('scrubs the message and allowed string fields too', () => {
    expect(redactText('reset link for nurse@example.org sent')).toBe('reset link for [email] sent');
    const { safe } = pickSafeFields({ route: '/invite?token=0123456789abcdef0123456789abcdef', requestId: REQUEST_ID });
    expect(safe.route).not.toContain('0123456789abcdef');
    expect(safe.requestId).toBe(REQUEST_ID);
  });

  it('a value that is not a string, number or boolean is dropped even under an allowed name', () => {
    const line = formatLogLine('info', 'x', { code: { password: 'nested-secret' } } as unknown as Record<string, unknown>);
    expect(line).not.toContain('nested-secret');
    expect(JSON.parse(line).droppedFields).toEqual(['code']);
  });

  it('a sink that throws does not break the caller', () => {
    restore = setLogSink(() => {
      throw new Error('disk full');
    });
    expect(() => log.error('x')).not.toThrow();
  });
});
