import type pg from 'pg';
import type { Db, Tx } from '@/lib/db';

/**
 * A read-only tagged SQL query (`read<Row>\`SELECT ... ${value}\``) that the app's Prisma client or
 * a transaction serves, and so does a bare node-postgres client: the release export runs in a
 * worker thread without Prisma (export-worker/), and the lock reads the same rows through the same
 * code inside its transaction. Values are always bound parameters, never spliced into the text.
 */
export type SqlRead = <Row>(strings: TemplateStringsArray, ...values: unknown[]) => Promise<Row[]>;

export function viaPrisma(db: Db | Tx): SqlRead {
  return <Row>(strings: TemplateStringsArray, ...values: unknown[]) => db.$queryRaw<Row[]>(strings, ...values);
}

/** PostgreSQL's type id of `timestamp` (without time zone), the type of Prisma's DateTime columns. */
const TIMESTAMP = 1114;

/**
 * Column types node-postgres (with prismaTypes) reads exactly as Prisma's $queryRaw does, checked
 * value for value: bool, int4, text, float8, json, jsonb, timestamp, timestamptz, int4[]. Others
 * differ: int8 (count(*)) is a BigInt in Prisma and a string in node-postgres, numeric a Decimal
 * against a string, date shifts with the time zone.
 */
const SAME_AS_PRISMA = new Set([16, 23, 25, 701, 114, 3802, TIMESTAMP, 1184, 1007]);

/** The reader over node-postgres; a column of any other type is an error (cast it in the query), not a silently different value. */
export function viaPg(client: pg.ClientBase | pg.Pool): SqlRead {
  return async <Row>(strings: TemplateStringsArray, ...values: unknown[]) => {
    const text = strings.reduce((sql, part, i) => `${sql}$${i}${part}`);
    const result = await client.query(text, values);
    const other = result.fields.find((field) => !SAME_AS_PRISMA.has(field.dataTypeID));
    if (other) throw new Error(`SqlRead over node-postgres: column "${other.name}" has type id ${other.dataTypeID}, which it would not read as Prisma does; cast it in the query`);
    return result.rows as Row[];
  };
}

/**
 * Type parsers that read values as Prisma does: a `timestamp` column holds UTC (Prisma writes and
 * reads it so), where node-postgres would read it in the process's local time zone. Use as
 * `new pg.Client({ connectionString, types: prismaTypes(pg.types) })`.
 */
export function prismaTypes(types: typeof pg.types): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === TIMESTAMP && format !== 'binary' ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`) : types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
  };
}
