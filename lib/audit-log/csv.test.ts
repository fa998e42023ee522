import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '@/lib/audit-log/csv';
import { parseAuditFilter } from '@/lib/audit-log/schema';

describe('RFC 4180 CSV', () => {
  it('quotes only fields that need it and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(7)).toBe('7');
    expect(csvLine(['a', 'b,c', null])).toBe('a,"b,c",\r\n');
  });
});

describe('audit filters from the URL', () => {
  it('drops blanks and accepts good values', () => {
    expect(parseAuditFilter({ action: 'rating', actor: '', from: '2026-11-01', to: undefined })).toEqual({ ok: true, filter: { action: 'rating', from: '2026-11-01' } });
  });
  it('names the field and what was wrong', () => {
    expect(parseAuditFilter({ from: '30/11/2026' })).toEqual({ ok: false, message: 'from: expected a date as YYYY-MM-DD' });
    expect(parseAuditFilter({ older: 'nope' })).toMatchObject({ ok: false, message: expect.stringMatching(/^older: /) });
    expect(parseAuditFilter({ from: '2026-12-01', to: '2026-11-01' })).toEqual({ ok: false, message: 'from: must not be after "to"' });
  });
});
