import pg from 'pg';

/**
 * Tables the app only reads: the history. Rows reach them through SECURITY DEFINER functions
 * (primum_record_audit, the ratings history trigger, primum_save_rating, the plan verdicts'
 * history trigger), never from the app.
 */
export const HISTORY_TABLES = ['audit_events', 'rating_history', 'rating_saves', 'plan_verdict_history'] as const;

/** The embedded database's app role (npm start without DATABASE_URL). */
export const EMBEDDED_APP_ROLE = 'primum_app';

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The role a connection string signs in as (the URL may name none: libpq defaults apply). */
export function connectedRole(url: string): Promise<string> {
  return withClient(url, async (client) => (await client.query<{ role: string }>('SELECT current_user AS role')).rows[0].role);
}

/**
 * Grant `appRole` what the app needs and nothing more, as the owner of the schema's objects:
 * USAGE on the schema; SELECT, INSERT, UPDATE, DELETE on the tables it writes; SELECT only on the
 * history tables, the views (a simple view is insertable, and would write as its owner) and
 * _prisma_migrations (commands check the schema is current); USAGE, SELECT on the sequences of the
 * tables it writes; EXECUTE on the functions; no TEMPORARY on the database. Everything previously granted on tables and sequences
 * is revoked first, in the same transaction, so running it again after any migration (it runs after
 * each one) leaves exactly this. Never TRUNCATE, REFERENCES or TRIGGER; the role owns nothing.
 */
export async function grantAppRole(ownerUrl: string, appRole: string): Promise<void> {
  await withClient(ownerUrl, async (client) => {
    const role = client.escapeIdentifier(appRole);
    const { rows: [{ schema, database }] } = await client.query<{ schema: string; database: string }>('SELECT current_schema() AS schema, current_database() AS database');
    const { rows: relations } = await client.query<{ name: string; kind: string; owner_table: string | null }>(
      `SELECT c.relname AS name, c.relkind::text AS kind, t.relname AS owner_table
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_depend d ON c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')
         LEFT JOIN pg_class t ON t.oid = d.refobjid
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
        ORDER BY c.relname`,
      [schema],
    );
    const readOnly = new Set<string>([...HISTORY_TABLES, '_prisma_migrations']);
    const name = (relation: string) => `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(relation)}`;
    const statements = [
      `GRANT USAGE ON SCHEMA ${client.escapeIdentifier(schema)} TO ${role}`,
      `REVOKE ALL ON ALL TABLES IN SCHEMA ${client.escapeIdentifier(schema)} FROM ${role}`,
      `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${client.escapeIdentifier(schema)} FROM ${role}`,
      ...relations.flatMap((relation) => {
        if (relation.kind === 'S') return relation.owner_table && readOnly.has(relation.owner_table) ? [] : [`GRANT USAGE, SELECT ON SEQUENCE ${name(relation.name)} TO ${role}`];
        const writable = (relation.kind === 'r' || relation.kind === 'p') && !readOnly.has(relation.name);
        return [`GRANT ${writable ? 'SELECT, INSERT, UPDATE, DELETE' : 'SELECT'} ON ${name(relation.name)} TO ${role}`];
      }),
      `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${client.escapeIdentifier(schema)} TO ${role}`,
      // No temporary tables or functions: pg_temp comes first in an unpinned search_path, where
      // a temporary "ratings" or "cases" could stand in for the real one inside a trigger. The
      // documented server setup revokes everything from PUBLIC on the database already; this
      // covers the embedded database and a database created without it (a warning, not an error,
      // when the owner here does not own the database).
      `REVOKE TEMPORARY ON DATABASE ${client.escapeIdentifier(database)} FROM PUBLIC`,
      `REVOKE TEMPORARY ON DATABASE ${client.escapeIdentifier(database)} FROM ${role}`,
    ];
    await client.query('BEGIN');
    try {
      for (const statement of statements) await client.query(statement);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  });
}

/**
 * Create the login role `role` (no superuser, no role or database creation) or reset its
 * password, as a superuser: the embedded database's app role, whose password is kept in the data
 * folder.
 */
export async function ensureLoginRole(adminUrl: string, role: string, password: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`;
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount! > 0;
    try {
      await client.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${client.escapeIdentifier(role)} ${attributes}`);
    } catch (error) {
      // 42710: another command created it meanwhile; set the password on it.
      if ((error as { code?: string }).code !== '42710') throw error;
      await client.query(`ALTER ROLE ${client.escapeIdentifier(role)} ${attributes}`);
    }
  });
}

export type AppRoleState = { role: string; superuser: boolean; ownsTables: boolean };

/** Whether the app's connection could undo the database's guarantees: a superuser, or an owner. */
export function inspectAppRole(appUrl: string): Promise<AppRoleState> {
  return withClient(appUrl, async (client) => {
    const { rows: [row] } = await client.query<AppRoleState>(
      `SELECT current_user AS role,
              (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user) AS superuser,
              EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
                         AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS "ownsTables"`,
    );
    return row;
  });
}

/** One line for the start when the app's role can alter the tables or disable their triggers. */
export function appRoleWarning(state: AppRoleState): string | undefined {
  const what = state.superuser ? 'is a superuser' : state.ownsTables ? 'owns the tables' : undefined;
  if (!what) return undefined;
  return `Warning: the app's database role "${state.role}" ${what}, so it could alter tables, disable triggers and rewrite the history; give the app its own role in DATABASE_URL and migrate with the owner in MIGRATION_DATABASE_URL (docs/deployment.md).`;
}
