import { describe, expect, it } from 'vitest';
import { checkUploadSize, firstInvalidUtf8, formatProblem, parseRubricFiles } from '@/lib/import/parse-rubrics';
import { IMPORT_LIMITS } from '@/lib/import/limits';
import { noharmFile } from '@/test/noharm';

const utf8 = (text: string) => new TextEncoder().encode(text);
const card = () => JSON.parse(noharmFile('Card001').content);
const only = (name: string, content: string | Uint8Array) => {
  const { problems, rubrics } = parseRubricFiles([{ name, content }]);
  expect(rubrics).toEqual([]);
  return problems;
};

describe('parseRubricFiles: non-JSON files, bytes and characters', () => {
  it('accepts a real rubric given as bytes (the web upload and the CLI read bytes)', () => {
    const { problems, rubrics } = parseRubricFiles([{ name: 'Card001.json', content: utf8(noharmFile('Card001').content) }]);
    expect(problems).toEqual([]);
    expect(rubrics[0].rubric.id).toBe('Card001');
  });

  it('names a .txt file by its extension, never the generic form message', () => {
    expect(only('notes.txt', utf8('just some notes'))).toEqual([
      { file: 'notes.txt', path: '$', message: 'a .txt file, not a rubric; expected a NOHARM rubric .json file (one per case)' },
    ]);
  });

  it('recognises a PNG (even one named .json) and a binary file with NUL bytes', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(only('picture.json', png)[0].message).toBe('a PNG image, not a JSON file; expected a NOHARM rubric JSON file');
    expect(only('blob.json', new Uint8Array([0x7b, 0x22, 0x00, 0x22]))[0].message).toMatch(/^a binary file \(a NUL byte at byte 3\)/);
  });

  it('refuses invalid UTF-8 with the offset and the bytes', () => {
    const bytes = new Uint8Array([...utf8('{"id": "Card0'), 0xc3, 0x28, ...utf8('01"}')]);
    const [problem] = only('latin.json', bytes);
    expect(problem).toMatchObject({ file: 'latin.json', path: '$' });
    expect(problem.message).toBe('not UTF-8 text: invalid byte sequence (c3 28 30 31) at byte 14; save the file as UTF-8');
  });

  it('finds the first invalid UTF-8 sequence: overlong, surrogate, truncated and out-of-range forms', () => {
    expect(firstInvalidUtf8(utf8('plain ascii, é, 中, 😀'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1); // overlong NUL
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // encoded surrogate
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xe4, 0xb8]))).toBe(2); // truncated
    expect(firstInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8(new Uint8Array([0xe0, 0x80, 0x80]))).toBe(0); // overlong 3-byte
  });

  it('names a raw NUL character in the text by line and column', () => {
    expect(only('raw.json', '{\n  "id": "Card\u0000001"\n}')[0]).toEqual({ file: 'raw.json', path: '$', message: 'a NUL character (byte 0) at line 2, column 14; a rubric is JSON text' });
  });

  it('names an escaped NUL (\\u0000) inside a string by its JSON path', () => {
    const json = card();
    const text = JSON.stringify(json).replace(json.options[2].text, `${json.options[2].text}\\u0000`);
    const [problem] = only('Card001.json', text);
    expect(problem.path).toBe('$.options[2].text');
    expect(problem.message).toBe(`the text contains a NUL character (\\u0000) at character ${json.options[2].text.length + 1}; a rubric holds plain text`);
  });

  it('names a lone surrogate in a value and in a key by JSON path', () => {
    const text = JSON.stringify(card()).replace('"presentation":"', '"presentation":"\\ud800');
    expect(only('Card001.json', text)).toEqual([
      { file: 'Card001.json', path: '$.case.presentation', message: 'the text contains a lone surrogate (\\ud800) at character 1: not well-formed Unicode text' },
    ]);
    const key = JSON.stringify({ ...card(), extra: { 'a\udc00': 1 } });
    expect(only('Card001.json', key)[0]).toMatchObject({ path: '$.extra["a\\udc00"]', message: expect.stringContaining('the key contains a lone surrogate (\\udc00) at character 2') });
  });

  it('accepts properly paired surrogates (emoji)', () => {
    const json = card();
    json.case.presentation += ' 😀';
    expect(parseRubricFiles([{ name: 'Card001.json', content: JSON.stringify(json) }]).problems).toEqual([]);
  });

  it('refuses nesting deeper than the limit with the path where it goes too deep, even a million levels', () => {
    const json = card();
    let deep: unknown = 1;
    for (let i = 0; i < IMPORT_LIMITS.depth + 5; i++) deep = [deep];
    json.extra = deep;
    const [problem] = only('Card001.json', JSON.stringify(json));
    expect(problem.path).toBe(`$.extra${'[0]'.repeat(IMPORT_LIMITS.depth - 1)}`);
    expect(problem.message).toBe(`nested more than ${IMPORT_LIMITS.depth} levels deep; a rubric is nested ${IMPORT_LIMITS.depth} levels at most`);
    const million = only('deep.json', `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
    expect(million).toHaveLength(1);
    expect(million[0].message).toMatch(/^nested more than 64 levels/);
  });

  it('accepts nesting right at the limit', () => {
    const json = card();
    let deep: unknown = 1;
    for (let i = 0; i < IMPORT_LIMITS.depth - 1; i++) deep = [deep];
    json.extra = deep;
    expect(parseRubricFiles([{ name: 'Card001.json', content: JSON.stringify(json) }]).problems).toEqual([]);
  });
});

describe('parseRubricFiles: limits', () => {
  it('caps options per case', () => {
    const json = card();
    json.options = Array.from({ length: IMPORT_LIMITS.optionsPerCase + 1 }, (_, i) => ({ ...json.options[0], id: i + 1, dependsOn: undefined }));
    expect(only('Card001.json', JSON.stringify(json))).toEqual([{ file: 'Card001.json', path: '$.options', message: '501 options; a case may have at most 500' }]);
    json.options.pop();
    expect(parseRubricFiles([{ name: 'Card001.json', content: JSON.stringify(json) }]).problems).toEqual([]);
  });

  it('caps the presentation, the recommendations, option text and other strings, naming each limit', () => {
    const json = card();
    json.case.presentation = 'p'.repeat(IMPORT_LIMITS.presentationChars + 1);
    json.case.recommendations = 'r'.repeat(IMPORT_LIMITS.recommendationsChars + 1);
    json.options[1].text = 't'.repeat(IMPORT_LIMITS.optionTextChars + 1);
    json.note = 'n'.repeat(IMPORT_LIMITS.otherStringChars + 1);
    const problems = only('Card001.json', JSON.stringify(json));
    expect(problems.map(formatProblem).sort()).toEqual([
      'Card001.json: $.case.presentation: the text has 20,001 characters; a presentation may have at most 20,000',
      'Card001.json: $.case.recommendations: the text has 20,001 characters; the recommendations may have at most 20,000',
      'Card001.json: $.note: the text has 20,001 characters; a string may have at most 20,000',
      "Card001.json: $.options[1].text: the text has 2,001 characters; an option's text may have at most 2,000",
    ]);
  });

  it('refuses a file over the per-file size and says both sizes', () => {
    const big = `{"id":"Card001","pad":"${'x'.repeat(IMPORT_LIMITS.fileBytes)}"}`;
    expect(only('Big.json', big)).toEqual([{ file: 'Big.json', path: '$', message: `the file is 2.0 MB; a rubric file may be at most 2 MB` }]);
  });

  it('checks count and total before reading (from names and sizes only)', () => {
    const many = Array.from({ length: IMPORT_LIMITS.files + 1 }, (_, i) => ({ name: `f${i}.json`, size: 10 }));
    expect(checkUploadSize(many)).toEqual([{ file: '(all files)', path: '$', message: '501 files; one import takes at most 500' }]);
    const heavy = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.json`, size: 2 * 1024 * 1024 }));
    expect(checkUploadSize(heavy)).toEqual([{ file: '(all files)', path: '$', message: '22 MB in all; one import takes at most 20 MB' }]);
    expect(checkUploadSize([{ name: 'huge.json', size: 3 * 1024 * 1024 }])).toEqual([{ file: 'huge.json', path: '$', message: 'the file is 3 MB; a rubric file may be at most 2 MB' }]);
    expect(checkUploadSize([{ name: 'ok.json', size: IMPORT_LIMITS.fileBytes }])).toEqual([]);
  });

  it('lists at most the per-file cap of problems for one file, then says there are more', () => {
    const json = card();
    for (const option of json.options) option.score = 99;
    const problems = only('Card001.json', JSON.stringify(json));
    expect(json.options.length).toBeGreaterThan(IMPORT_LIMITS.problemsPerFile);
    expect(problems).toHaveLength(IMPORT_LIMITS.problemsPerFile + 1);
    expect(problems.at(-1)).toEqual({ file: 'Card001.json', path: '$', message: `and more problems in this file (the first ${IMPORT_LIMITS.problemsPerFile} are listed)` });
  });

  it('reports every bad file of a mixed upload, each by name', () => {
    const { problems, rubrics } = parseRubricFiles([
      noharmFile('Card001'),
      { name: 'notes.txt', content: utf8('hello') },
      { name: 'nul.json', content: '{"id":"Card002","x":"\\u0000"}' },
    ]);
    expect(rubrics).toHaveLength(1);
    expect(problems.map((p) => `${p.file} ${p.path}`)).toEqual(['notes.txt $', 'nul.json $.x']);
  });
});
