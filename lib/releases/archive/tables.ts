import { valuesOf, type Column } from './columns';
import { csvLine } from './csv';

/**
 * The csv and jsonl files of a table, one text chunk per batch of rows: a file is never whole in
 * memory. Keys and fields follow the column list, not the source objects' own key order.
 */

export async function* csvChunks<Row>(batches: AsyncIterable<Row[]>, columns: ReadonlyArray<Column<Row>>): AsyncGenerator<string> {
  yield csvLine(columns.map((column) => column.name));
  for await (const rows of batches) {
    let text = '';
    for (const row of rows) text += csvLine(valuesOf(row, columns));
    yield text;
  }
}

export async function* jsonlChunks<Row>(batches: AsyncIterable<Row[]>, columns: ReadonlyArray<Column<Row>>): AsyncGenerator<string> {
  for await (const rows of batches) {
    let text = '';
    for (const row of rows) {
      const values = valuesOf(row, columns);
      text += `${JSON.stringify(Object.fromEntries(columns.map((column, i) => [column.name, values[i] ?? null])))}\n`;
    }
    yield text;
  }
}
