-- The database protects itself, also from the app (issue 6). The app connects as its own role
-- (DATABASE_URL), which lib/server/app-role.ts grants, after every migration, reading and writing
-- its tables but only reading the history: rating_history, audit_events and rating_saves. Not owning
-- the tables, it cannot alter or drop them or disable their triggers. The history is written here,
-- by functions that run as their owner (the migration role): SECURITY DEFINER, with search_path
-- pinned to this schema and pg_temp last, and EXECUTE revoked from PUBLIC, as PostgreSQL's
-- "Writing SECURITY DEFINER Functions Safely" asks.
--
-- CREATE OR REPLACE resets SECURITY DEFINER and SET: a later migration that replaces one of these
-- functions must state both again (lib/server/app-role.int.test.ts fails otherwise).

-- An audit event, as lib/audit.ts recordAudit writes it: the only way the app adds one. created_at
-- is the statement's time in UTC, as Prisma's @default(now()) gave it when the app inserted rows.
CREATE FUNCTION primum_record_audit(p_actor_id text, p_action text, p_entity_type text, p_entity_id text, p_data jsonb)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO "audit_events" ("actor_id", "action", "entity_type", "entity_id", "data", "created_at")
    VALUES (p_actor_id, p_action, p_entity_type, p_entity_id, COALESCE(p_data, '{}'::jsonb), statement_timestamp() AT TIME ZONE 'UTC');
$$;

-- primum_record_rating_history: the ratings trigger that writes rating_history (actor NULL when the
-- transaction named none, since 20261130000600). primum_save_rating: the save log rating_saves.
DO $$
DECLARE
  signature text;
BEGIN
  FOREACH signature IN ARRAY ARRAY[
    'primum_record_audit(text, text, text, text, jsonb)',
    'primum_record_rating_history()',
    'primum_save_rating(text, text, integer, uuid, timestamptz, integer)'
  ] LOOP
    EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = %I, pg_temp', signature, current_schema());
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', signature);
  END LOOP;
END $$;
