import { valuesOf, type Column } from './columns';
import { csvLine } from './csv';

/**
 * The csv and jsonl text of a table's rows. Keys and fields follow the column list, not the source
 * objects' own key order. A file is the header (csv) followed by the text of each batch of rows, so
 * it is never whole in memory.
 */

export function csvHeader<Row>(columns: ReadonlyArray<Column<Row>>): string {
  return csvLine(columns.map((column) => column.name));
}

export function csvText<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>): string {
  let text = '';
  for (const row of rows) text += csvLine(valuesOf(row, columns));
  return text;
}

export function jsonlText<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>): string {
  let text = '';
  for (const row of rows) {
    const values = valuesOf(row, columns);
    text += `${JSON.stringify(Object.fromEntries(columns.map((column, i) => [column.name, values[i] ?? null])))}\n`;
  }
  return text;
}
