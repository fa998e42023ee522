import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import { AppError } from '@/lib/errors';
import { RELEASE_FORMAT, type ReleaseFormat } from './types';
import type { Column } from './columns';

/**
 * A table as a parquet file, streamed: rows are gathered into row groups of a fixed size whatever
 * the source's batches, so only one row group is in memory and the bytes do not depend on how the
 * source batches its cases. Types: strings UTF8, ints INT32, floats DOUBLE, booleans BOOLEAN,
 * timestamps INT64 TIMESTAMP(MILLIS, UTC); a column is OPTIONAL exactly when its row type allows null.
 */

export const ROW_GROUP_ROWS = 10_000;

/** A ByteWriter that hands over its bytes at each row group (ParquetWriter calls flush after each). */
class ChunkWriter extends ByteWriter {
  readonly chunks: Uint8Array[] = [];

  flush(): void {
    if (this.index > 0) this.chunks.push(this.getBytes().slice());
    this.index = 0;
  }

  *drain(): Generator<Uint8Array> {
    yield* this.chunks.splice(0);
  }
}

function elementOf<Row>(column: Column<Row>): SchemaElement {
  const base = { name: column.name, repetition_type: column.nullable ? 'OPTIONAL' : 'REQUIRED' } as const;
  switch (column.kind) {
    case 'string':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'int':
      return { ...base, type: 'INT32' };
    case 'float':
      return { ...base, type: 'DOUBLE' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'timestamp':
      return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } };
  }
}

function cellOf<Row>(column: Column<Row>, row: Row): unknown {
  const value = row[column.name] ?? null;
  if (column.kind !== 'timestamp' || value === null) return value;
  const millis = Date.parse(String(value));
  if (Number.isNaN(millis)) throw new AppError('INVALID_INPUT', `${column.name} "${String(value)}" is not an ISO 8601 time.`);
  return new Date(millis);
}

/**
 * One parquet file written row by row: `add` takes rows as they come (any batching) and returns the
 * bytes of every row group it completed; `finish` writes the last group and the footer. Only the
 * current group's rows are kept.
 */
export class ParquetTable<Row> {
  private readonly writer = new ChunkWriter();
  private readonly parquet: ParquetWriter;
  private group: Row[] = [];

  /** `format`: the release's format, recorded as the file's `created_by`. */
  constructor(private readonly columns: ReadonlyArray<Column<Row>>, format: ReleaseFormat = RELEASE_FORMAT, private readonly groupRows = ROW_GROUP_ROWS) {
    const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.map(elementOf)];
    this.parquet = new ParquetWriter({ writer: this.writer, schema, createdBy: format });
  }

  add(rows: readonly Row[]): Uint8Array[] {
    for (const row of rows) {
      this.group.push(row);
      if (this.group.length === this.groupRows) this.writeGroup();
    }
    return [...this.writer.drain()];
  }

  finish(): Uint8Array[] {
    if (this.group.length > 0) this.writeGroup();
    this.parquet.finish();
    this.writer.flush();
    return [...this.writer.drain()];
  }

  private writeGroup() {
    const rows = this.group;
    this.group = [];
    const columnData = this.columns.map((column) => ({ name: column.name, data: rows.map((row) => cellOf(column, row)) }) as ColumnSource);
    this.parquet.write({ columnData, rowGroupSize: rows.length });
  }
}

/** A table's parquet file from batches of rows (tests and small tables; the archive uses ParquetTable in its one pass). */
export async function* parquetChunks<Row>(batches: AsyncIterable<Row[]>, columns: ReadonlyArray<Column<Row>>, groupRows = ROW_GROUP_ROWS): AsyncGenerator<Uint8Array> {
  const table = new ParquetTable(columns, RELEASE_FORMAT, groupRows);
  for await (const rows of batches) yield* table.add(rows);
  yield* table.finish();
}
