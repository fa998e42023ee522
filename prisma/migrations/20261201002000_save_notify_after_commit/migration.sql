-- Rating saves from the rating screen notify live views after their commit, not inside it (issue 7).
--
-- PostgreSQL serialises the commits of transactions that NOTIFY: from the NOTIFY queue's lock to
-- the end of the commit, WAL flush included, one at a time. Every save notified from the ratings
-- trigger, so saves could not share a WAL flush: pgbench calling primum_save_rating reached about
-- 540 saves/s on the reference machine, and 1,560/s with the trigger's NOTIFY off (bench:load
-- (f) and (h), docs/benchmarks.md). The save endpoint now calls primum_save_rating_notify_later:
-- the same save, whose trigger skips the NOTIFY, and which returns the project; the server then
-- sends the notifications, folded per project, with primum_notify_ratings in a transaction that
-- does not wait for its WAL flush (a notification need not survive a crash). Every other writer
-- (CLI, simulation, adjudication, imports) notifies from the trigger as before.

-- The trigger function of ratings and adjudications: as since 20261125000100, unless the
-- transaction's save said it notifies after commit (a transaction-local setting).
CREATE OR REPLACE FUNCTION primum_notify_rating() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_option text := CASE WHEN TG_OP = 'DELETE' THEN OLD.option_id ELSE NEW.option_id END;
  project text;
BEGIN
  IF current_setting('primum.notify_after_commit', true) = 'on' THEN
    RETURN NULL;
  END IF;
  SELECT c.project_id INTO project FROM "options" o JOIN "cases" c ON c.id = o.case_id WHERE o.id = row_option;
  PERFORM pg_notify('primum_ratings', project);
  RETURN NULL;
END $$;

-- primum_save_rating_in_session, plus the option's project for the notification the caller sends
-- once the save has committed (lib/ratings/save.ts). Called alone in its transaction.
CREATE FUNCTION primum_save_rating_notify_later(
  p_user_id text, p_session_version integer, p_option_id text, p_score integer, p_client_id uuid, p_given_at timestamptz, p_active_ms integer
) RETURNS TABLE (outcome text, score integer, rated integer, total integer, status text, submitted boolean, project_id text)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('primum.notify_after_commit', 'on', true);
  RETURN QUERY
    SELECT s.outcome, s.score, s.rated, s.total, s.status, s.submitted,
      (SELECT c.project_id FROM "options" o JOIN "cases" c ON c.id = o.case_id WHERE o.id = p_option_id)
    FROM primum_save_rating_in_session(p_user_id, p_session_version, p_option_id, p_score, p_client_id, p_given_at, p_active_ms) s;
END $$;

-- The live notifications of committed saves, one per project. synchronous_commit is off for this
-- transaction only, so it holds the NOTIFY lock for the commit itself, not for a WAL flush.
CREATE FUNCTION primum_notify_ratings(p_projects text[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  project text;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  FOREACH project IN ARRAY p_projects LOOP
    PERFORM pg_notify('primum_ratings', project);
  END LOOP;
  RETURN cardinality(p_projects);
END $$;
