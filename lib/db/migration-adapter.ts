import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

// @prisma/adapter-pg 6.19 cannot deserialize catalog columns of type `name` (oid 19) and `"char"`
// (oid 18) (prisma/orm#27403), which the schema engine reads during `migrate`. Reporting them as
// `text` (oid 25) is safe: their text form is the value.
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const TEXT_OID = 25;

type Fields = { fields?: Array<{ dataTypeID: number }> };

function reportCatalogTypesAsText<R>(result: R): R {
  for (const item of Array.isArray(result) ? result : [result]) {
    for (const field of (item as Fields)?.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

class CatalogAsTextClient extends pg.Client {
  // pg's query() has many overloads (promise or callback); patch the result on both paths.
  query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (error: Error | null, result: unknown) => last(error, error ? result : reportCatalogTypesAsText(result));
    }
    const outcome = (super.query as (...a: unknown[]) => unknown)(...args);
    if (outcome && typeof (outcome as Promise<unknown>).then === 'function') {
      return (outcome as Promise<unknown>).then(reportCatalogTypesAsText) as never;
    }
    return outcome as never;
  }
}

type ScriptRunner = { client: pg.Pool; onError(error: unknown): never; executeScript(script: string): Promise<void> };

/**
 * The driver adapter for the Prisma schema engine (migrate deploy / diff); not for application
 * queries. adapter-pg 6.19 splits migration scripts on every `;`, which breaks PL/pgSQL bodies
 * (our triggers): the whole script goes to PostgreSQL as one simple-protocol query instead.
 */
export class MigrationAdapterFactory extends PrismaPg {
  constructor(connectionString: string) {
    super(new pg.Pool({ connectionString, Client: CatalogAsTextClient, max: 2, allowExitOnIdle: true }));
  }

  async connect() {
    const adapter = await super.connect();
    const runner = adapter as unknown as ScriptRunner;
    runner.executeScript = async (script: string) => {
      try {
        await runner.client.query(script);
      } catch (error) {
        runner.onError(error);
      }
    };
    return adapter;
  }
}
