import { strFromU8 } from 'fflate';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { ADJUDICATION_COLUMNS, OPTION_COLUMNS, RATING_COLUMNS } from './columns';
import { parseCsv, parseTableCsv } from './csv';
import { releaseFiles } from './index';
import { parquetChunks } from './parquet';
import { csvText } from './tables';
import { testRelease } from './test-release';
import { testReleaseSource, type TestCase } from '@/lib/releases/test-source';

const FORMAT_CASES: TestCase[] = [{ id: 'Card001', options: [{ ratings: [{ rater: 'r1', score: 4 }, { rater: 'r2', score: 4 }, { rater: 'sim', score: 5, simulated: true }] }] }];

const toBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

async function tables() {
  const source = testRelease();
  const files = await releaseFiles(source);
  const text = (path: string) => strFromU8(files.get(path)!);
  return {
    files,
    text,
    options: source.data.flatMap((d) => d.options),
    ratings: source.data.flatMap((d) => d.ratings),
    adjudications: source.data.flatMap((d) => d.adjudications),
  };
}

describe('release tables', () => {
  it('writes CSV that parses back to the rows, quoting only where needed and leaving text as it is', async () => {
    const { text, options, ratings } = await tables();
    const csv = text('options.csv');
    expect(csv.split('\n')[0]).toBe(OPTION_COLUMNS.map((c) => c.name).join(','));
    expect(csv).toContain('"Give ""aspirin"", 300 mg\r\nthen reassess"');
    expect(csv).toContain(',=SUM(A1) stays as typed,');
    expect(csv).toContain(',Naïve ünïcödé ✓ 🫀,');
    // Numbers as JavaScript writes them, full precision (the card rounds, the tables do not).
    expect(csvText([{ ...options[0], p30: 0.1 + 0.2 }], OPTION_COLUMNS, 'primum-release/2')).toContain(',0.30000000000000004,');
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv.endsWith('\n')).toBe(true);
    expect(parseTableCsv(csv, OPTION_COLUMNS)).toEqual(options);
    expect(parseTableCsv(text('ratings.csv'), RATING_COLUMNS)).toEqual(ratings);
    const override = options.find((o) => o.locked_by_override)!;
    const line = parseCsv(csv).find((record) => record[0] === override.case_id && record[2] === String(override.option_id))!;
    expect(line[OPTION_COLUMNS.findIndex((c) => c.name === 'gold_score')]).toBe('');
    expect(line[OPTION_COLUMNS.findIndex((c) => c.name === 'locked_by_override')]).toBe('TRUE');
  });

  it('spells CSV booleans as the release\'s format does (TRUE/FALSE from primum-release/2, true/false before), and reads both back', async () => {
    const first = testReleaseSource(FORMAT_CASES, { release: { format: 'primum-release/1' } });
    const second = testReleaseSource(FORMAT_CASES);
    expect(second.meta.format).toBe('primum-release/2');
    const [old, current] = [await releaseFiles(first), await releaseFiles(second)];
    const csv = (files: Map<string, Uint8Array>) => strFromU8(files.get('ratings.csv')!);
    expect(csv(old)).toContain(',r1,false,4,');
    expect(csv(old)).toContain(',sim,true,5,');
    expect(csv(current)).toContain(',r1,FALSE,4,');
    expect(csv(current)).toContain(',sim,TRUE,5,');
    expect(parseTableCsv(csv(old), RATING_COLUMNS)).toEqual(second.data.flatMap((d) => d.ratings));
    expect(parseTableCsv(csv(current), RATING_COLUMNS)).toEqual(second.data.flatMap((d) => d.ratings));
    // JSONL is JSON either way; Parquet names the format as its writer.
    expect(strFromU8(old.get('ratings.jsonl')!)).toBe(strFromU8(current.get('ratings.jsonl')!));
    const createdBy = (files: Map<string, Uint8Array>) => parquetMetadata(toBuffer(files.get('options.parquet')!)).created_by;
    expect([createdBy(old), createdBy(current)]).toEqual(['primum-release/1', 'primum-release/2']);
  });

  it('writes JSONL that parses back to the rows, keys in column order, one line per row', async () => {
    const { text, options, ratings, adjudications } = await tables();
    for (const [path, rows, columns] of [
      ['options.jsonl', options, OPTION_COLUMNS],
      ['ratings.jsonl', ratings, RATING_COLUMNS],
      ['adjudications.jsonl', adjudications, ADJUDICATION_COLUMNS],
    ] as const) {
      const lines = text(path).split('\n');
      expect(lines.pop(), path).toBe('');
      const parsed = lines.map((line) => JSON.parse(line));
      expect(parsed, path).toEqual(rows);
      for (const row of parsed) expect(Object.keys(row)).toEqual(columns.map((c) => c.name));
    }
    expect(adjudications).toHaveLength(1);
  });

  it('writes parquet that reads back to the rows with their types: numbers, booleans, nulls, timestamps as Date', async () => {
    const { files, options, ratings } = await tables();
    const optionsFile = toBuffer(files.get('options.parquet')!);
    expect(await parquetReadObjects({ file: optionsFile })).toEqual(options);
    const ratingsFile = toBuffer(files.get('ratings.parquet')!);
    expect(await parquetReadObjects({ file: ratingsFile })).toEqual(ratings.map((r) => ({ ...r, rated_at: new Date(r.rated_at) })));

    const schema = (file: ArrayBuffer) => Object.fromEntries(parquetMetadata(file).schema.slice(1).map((e) => [e.name, e]));
    const o = schema(optionsFile);
    expect(Object.keys(o)).toEqual(OPTION_COLUMNS.map((c) => c.name));
    expect([o.option_id.type, o.gold_score.type, o.rubric_score.type, o.disagreement.type, o.text.type, o.text.converted_type]).toEqual(['INT32', 'DOUBLE', 'INT32', 'BOOLEAN', 'BYTE_ARRAY', 'UTF8']);
    expect([o.gold_score.repetition_type, o.text.repetition_type]).toEqual(['OPTIONAL', 'REQUIRED']);
    const r = schema(ratingsFile);
    expect(r.rated_at.type).toBe('INT64');
    expect(r.rated_at.logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' });
  });

  it('writes parquet row groups of a fixed size whatever the batches, the same bytes either way', async () => {
    const { ratings } = await tables();
    const collect = async (batchSize: number) => {
      async function* batches() {
        for (let i = 0; i < ratings.length; i += batchSize) yield ratings.slice(i, i + batchSize);
      }
      const chunks: Uint8Array[] = [];
      for await (const chunk of parquetChunks(batches(), RATING_COLUMNS, 4)) chunks.push(chunk);
      return { chunks, bytes: Buffer.concat(chunks) };
    };
    const small = await collect(1);
    const large = await collect(ratings.length);
    expect(Buffer.compare(small.bytes, large.bytes)).toBe(0);
    const file = toBuffer(small.bytes);
    expect(parquetMetadata(file).row_groups.map((g) => Number(g.num_rows))).toEqual([
      ...Array(Math.floor(ratings.length / 4)).fill(4),
      ...(ratings.length % 4 ? [ratings.length % 4] : []),
    ]);
    // One chunk per row group plus the footer: the file is handed over as it is written.
    expect(small.chunks.length).toBe(Math.ceil(ratings.length / 4) + 1);
    expect(await parquetReadObjects({ file })).toHaveLength(ratings.length);
  });

  it('writes an empty table as a valid parquet file with its schema', async () => {
    async function* none() {}
    const chunks: Uint8Array[] = [];
    for await (const chunk of parquetChunks(none(), RATING_COLUMNS)) chunks.push(chunk);
    const file = toBuffer(Buffer.concat(chunks));
    expect(parquetMetadata(file).schema.slice(1).map((e) => e.name)).toEqual(RATING_COLUMNS.map((c) => c.name));
    expect(await parquetReadObjects({ file })).toEqual([]);
  });

  it('parses RFC 4180 CSV: quotes, doubled quotes, CR LF inside fields, empty fields, a last line without LF', () => {
    expect(parseCsv('a,"b ""c"", d",\r\n"x\r\ny",,z')).toEqual([['a', 'b "c", d', ''], ['x\r\ny', '', 'z']]);
    expect(() => parseCsv('"open')).toThrow(/not closed/);
    expect(() => parseTableCsv('case_id\nCard001\n', RATING_COLUMNS)).toThrow(/header/);
  });
});
