import { describe, expect, it } from 'vitest';
import { csvField, csvLine, neutralise, valueCell } from '@/lib/audit-log/csv';
import { auditQuery, isRealDay, parseAuditFilter } from '@/lib/audit-log/schema';

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

  it('neutralises text that a spreadsheet would run as a formula, but leaves numbers as numbers', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvField('+1 555')).toBe("'+1 555");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    expect(csvField('Dr =A')).toBe('Dr =A'); // not at the start: harmless
    expect(csvField(-3)).toBe('-3'); // a number stays readable
    expect(neutralise('plain')).toBe('plain');
    // Old/new values: numbers pass through as numbers, strings and JSON are text.
    expect(csvLine([valueCell(-3), valueCell('=cmd'), valueCell({ name: '=x' }), valueCell(null)])).toBe('-3,\'=cmd,"{""name"":""=x""}",\r\n');
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
  it('refuses dates that do not exist (they used to reach ::date and fail with a 500)', () => {
    expect(parseAuditFilter({ from: '2026-13-45' })).toEqual({ ok: false, message: 'from: expected a date that exists (month 01-12, a day that month has)' });
    expect(parseAuditFilter({ to: '2026-02-29' })).toEqual({ ok: false, message: 'to: expected a date that exists (month 01-12, a day that month has)' });
    expect(parseAuditFilter({ to: '2028-02-29' })).toEqual({ ok: true, filter: { to: '2028-02-29' } });
    expect(isRealDay('2026-04-31')).toBe(false);
    expect(isRealDay('2026-12-31')).toBe(true);
  });
  it('builds the page query from the filters, cursors apart', () => {
    expect(auditQuery({ action: 'rating', from: '2026-11-01', older: 'x' } as never, { newer: 'c|1' })).toBe('?action=rating&from=2026-11-01&newer=c%7C1');
    expect(auditQuery({})).toBe('');
  });
});
