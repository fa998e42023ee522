import type { AdjudicationRow, OptionRow, RatingRow } from './types';

/**
 * The columns of the release's tables, in the order of docs/release-format.md. One list per table
 * drives the csv header, the jsonl key order, the parquet schema and the csv reader, so the three
 * formats cannot drift apart. `kind` is the parquet type; `nullable` is whether the row type allows null.
 */

export type ColumnKind = 'string' | 'int' | 'float' | 'boolean' | 'timestamp';
export type Column<Row> = { name: keyof Row & string; kind: ColumnKind; nullable: boolean };

/** Fails to compile when a list misses a key of its row type. */
type Covers<Row, List extends ReadonlyArray<Column<Row>>> = Exclude<keyof Row, List[number]['name']> extends never ? List : never;

function columns<Row>() {
  return <const List extends ReadonlyArray<Column<Row>>>(list: Covers<Row, List>): ReadonlyArray<Column<Row>> => list;
}

const text = { kind: 'string', nullable: false } as const;
const maybeText = { kind: 'string', nullable: true } as const;
const int = { kind: 'int', nullable: false } as const;
const maybeInt = { kind: 'int', nullable: true } as const;
const maybeFloat = { kind: 'float', nullable: true } as const;
const flag = { kind: 'boolean', nullable: false } as const;

export const OPTION_COLUMNS = columns<OptionRow>()([
  { name: 'case_id', ...text },
  { name: 'specialty', ...text },
  { name: 'option_id', ...int },
  { name: 'position', ...int },
  { name: 'text', ...text },
  { name: 'category', ...text },
  { name: 'is_harm_of_inaction', ...flag },
  { name: 'gold_score', ...maybeFloat },
  { name: 'rubric_score', ...maybeInt },
  { name: 'gold_source', ...text },
  { name: 'median', ...maybeFloat },
  { name: 'zone', ...maybeText },
  { name: 'severity', ...maybeText },
  { name: 'harm_side', ...maybeText },
  { name: 'n_ratings', ...int },
  { name: 'p30', ...maybeFloat },
  { name: 'p70', ...maybeFloat },
  { name: 'ipr', ...maybeFloat },
  { name: 'ipras', ...maybeFloat },
  { name: 'disagreement', ...flag },
  { name: 'needs_discussion', ...flag },
  { name: 'locked_by_override', ...flag },
  // Imported rubrics carry integer scores, but nothing in the format promises it: a double loses nothing.
  { name: 'reference_score', ...maybeFloat },
]);

export const RATING_COLUMNS = columns<RatingRow>()([
  { name: 'case_id', ...text },
  { name: 'option_id', ...int },
  { name: 'rater_id', ...text },
  { name: 'simulated', ...flag },
  { name: 'score', ...int },
  { name: 'rated_at', kind: 'timestamp', nullable: false },
]);

export const ADJUDICATION_COLUMNS = columns<AdjudicationRow>()([
  { name: 'case_id', ...text },
  { name: 'option_id', ...int },
  { name: 'score', ...int },
  { name: 'rationale', ...text },
  { name: 'adjudicator_id', ...text },
  { name: 'adjudicated_at', ...text },
]);

/** The row's values in column order: the files never depend on how the source built its objects. */
export function valuesOf<Row>(row: Row, list: ReadonlyArray<Column<Row>>): unknown[] {
  return list.map((column) => row[column.name]);
}
