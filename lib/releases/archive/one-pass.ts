import { compareIds } from '@/lib/agreement/encode';
import { AppError } from '@/lib/errors';
import { toRubric } from '@/lib/rubric/format';
import { ADJUDICATION_COLUMNS, OPTION_COLUMNS, RATING_COLUMNS, type Column } from './columns';
import { ParquetTable } from './parquet';
import { csvHeader, csvText, jsonlText } from './tables';
import type { ReleaseCaseData, ReleaseFormat, ReleaseSource } from './types';

/**
 * The release's data files (the tables, then one rubric per case) written in ONE pass over
 * `source.cases()`: each batch is turned into rows once and its rows appended to every table file.
 * Where the bytes go is the caller's choice (`open`): temporary files for the zip, hashes for the
 * manifest. Files are opened in the archive's order (every table file at the start, then each
 * rubric as its case comes), so the order of `open` calls is the file order; several files are
 * open at once.
 */

/** Where one file's bytes go, in order; `end` closes the file. */
export type FileSink = { write(bytes: Uint8Array): void; end(): void };
export type OpenSink = (path: string) => FileSink;

/** The table files in the order of docs/release-format.md (the rubrics follow them). */
export const TABLE_FILES = ['options.csv', 'options.jsonl', 'options.parquet', 'ratings.csv', 'ratings.jsonl', 'ratings.parquet', 'adjudications.jsonl'] as const;

const encoder = new TextEncoder();

type TableFile<Row> = { add(rows: readonly Row[]): void; end(): void };

function textFile<Row>(sink: FileSink, header: string, text: (rows: readonly Row[]) => string): TableFile<Row> {
  if (header) sink.write(encoder.encode(header));
  return {
    add: (rows) => {
      if (rows.length > 0) sink.write(encoder.encode(text(rows)));
    },
    end: () => sink.end(),
  };
}

const csvFile = <Row>(sink: FileSink, columns: ReadonlyArray<Column<Row>>, format: ReleaseFormat) => textFile<Row>(sink, csvHeader(columns), (rows) => csvText(rows, columns, format));
const jsonlFile = <Row>(sink: FileSink, columns: ReadonlyArray<Column<Row>>) => textFile<Row>(sink, '', (rows) => jsonlText(rows, columns));

function parquetFile<Row>(sink: FileSink, columns: ReadonlyArray<Column<Row>>, format: ReleaseFormat): TableFile<Row> {
  const table = new ParquetTable(columns, format);
  return {
    add: (rows) => table.add(rows).forEach((bytes) => sink.write(bytes)),
    end: () => {
      table.finish().forEach((bytes) => sink.write(bytes));
      sink.end();
    },
  };
}

/** A table's three (or one) files, fed the same rows. */
function tableOf<Row>(files: Array<TableFile<Row>>): TableFile<Row> {
  return { add: (rows) => files.forEach((file) => file.add(rows)), end: () => files.forEach((file) => file.end()) };
}

/** Case ids name files in the zip (`rubrics/<id>.json`): nothing that could climb out of the folder. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Writes every data file of the release through `open`, reading the source once. */
export async function writeReleaseData(source: ReleaseSource, open: OpenSink): Promise<void> {
  // Written in the format the release was locked in (types.ts RELEASE_FORMATS): its bytes never change.
  const { format } = source.meta;
  const options = tableOf([csvFile(open('options.csv'), OPTION_COLUMNS, format), jsonlFile(open('options.jsonl'), OPTION_COLUMNS), parquetFile(open('options.parquet'), OPTION_COLUMNS, format)]);
  const ratings = tableOf([csvFile(open('ratings.csv'), RATING_COLUMNS, format), jsonlFile(open('ratings.jsonl'), RATING_COLUMNS), parquetFile(open('ratings.parquet'), RATING_COLUMNS, format)]);
  const adjudications = jsonlFile(open('adjudications.jsonl'), ADJUDICATION_COLUMNS);
  let previous: string | null = null;
  for await (const batch of source.cases()) {
    for (const data of batch) {
      const id = data.stored.externalId;
      if (!SAFE_ID.test(id)) throw new AppError('INVALID_INPUT', `Case id "${id}" cannot name a file.`);
      if (previous !== null && compareIds(previous, id) >= 0) throw new AppError('CONFLICT', `Release cases out of order: ${id} after ${previous}.`);
      previous = id;
    }
    options.add(batch.flatMap((d) => d.options));
    ratings.add(batch.flatMap((d) => d.ratings));
    adjudications.add(batch.flatMap((d) => d.adjudications));
    // Each rubric is a file of its own, complete at once; the table files were opened first, so
    // the rubrics still come after them in the archive.
    for (const data of batch) {
      const sink = open(`rubrics/${data.stored.externalId}.json`);
      sink.write(encoder.encode(rubricText(data)));
      sink.end();
    }
    // Let the event loop turn between batches: a source that answers from memory would otherwise
    // hold the loop (other requests, timers) for the whole release.
    await new Promise((resolve) => setImmediate(resolve));
  }
  options.end();
  ratings.end();
  adjudications.end();
}

function rubricText({ stored, options }: ReleaseCaseData): string {
  const scores = new Map(options.map((o) => [o.option_id, o.rubric_score]));
  return json(toRubric(stored, (option) => scores.get(option.number) ?? null));
}
