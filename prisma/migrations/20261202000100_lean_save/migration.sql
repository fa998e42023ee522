-- A save in fewer, cheaper statements (issue 7: save p95 under 50 ms with 30 physicians bursting).
--
-- Before, one save ran about 25 SQL statements inside PostgreSQL: three nested functions (the
-- session check, the notification choice, the save), each returning its rows through RETURN QUERY;
-- the user read twice; the save log read twice before its insert; an upsert whose BEFORE INSERT
-- triggers (the lock check and the adjudicator check, with a row lock on the option) ran even when
-- the rating already existed, and whose update then checked the case lock twice more; two count(*)
-- over the case; and an update of the assignment on every save, even when nothing in it changed.
-- pgbench calling it reached ~1,700 saves/s against ~13,600 raw upserts/s on the reference machine.
--
-- Now one function, primum_save_rating with the session version and the notification choice as
-- arguments, does the same checks and writes in about half the statements, with the same outcomes,
-- errors, history, save log and notifications:
-- - one read of the user (active physician, and the session still current when one is given);
-- - one read of the option's case and project with this physician's assignment, locked;
-- - the save log written with its ordering decision in one INSERT (a retry is the conflict);
-- - an existing rating updated in place (the insert path and its triggers only for a new rating);
-- - the progress read from a per-assignment count of rated options, kept by triggers on ratings
--   (counting the case's ratings on every save was a third of the function's time);
-- - the assignment updated only when its status or dates change.
-- The lock check on option rows (ratings, adjudications) reads the case in one query and checks it
-- once when an update keeps the option.

-- How many of a case's options a physician has rated, kept on the assignment: the rating screen's
-- progress and the COMPLETED status read it on every save. Statement triggers on ratings keep it
-- for every writer (the save, the CLI, simulation, imports; one UPDATE per statement, however many
-- rows); an assignment created, or moved to another case or physician, counts its ratings afresh.
-- Nothing else may change it: only these functions, running as their owner, may set it.
-- lib/ratings/progress.int.test.ts compares it with a fresh count after every kind of write and
-- in the races below; lib/server/app-role.int.test.ts tries to set it as the app.
--
-- Races. A rating written or deleted by one transaction while another creates or moves an
-- assignment of the same physician: the ratings trigger takes a shared advisory lock per physician
-- (key: 'primum_rated_count', the physician), the assignment's count an exclusive one, so the count
-- waits for uncommitted rating writes (and then sees them) and a rating write waits for an
-- uncommitted count (and then updates the assignment it made). These locks touch nothing else:
-- saves of one physician share theirs. An option moving to another case locks both case rows
-- (every rating write share-locks its case to check the release lock) before counting.
ALTER TABLE "assignments" ADD COLUMN "rated_count" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_rated_count_range" CHECK ("rated_count" >= 0);

CREATE FUNCTION primum_rated_count(p_case_id text, p_user_id text) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT count(*)::integer FROM "options" o JOIN "ratings" r ON r.option_id = o.id AND r.user_id = p_user_id WHERE o.case_id = p_case_id;
$$;

UPDATE "assignments" a SET "rated_count" = primum_rated_count(a.case_id, a.user_id);

-- Counted afresh when the assignment is created or changes case or physician (a rated_count the
-- writer gave is replaced); any other change of it must come from the functions below, nested in
-- a trigger and running as the table's owner.
CREATE FUNCTION primum_assignment_rated_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.case_id IS DISTINCT FROM OLD.case_id OR NEW.user_id IS DISTINCT FROM OLD.user_id THEN
    PERFORM pg_advisory_xact_lock(hashtext('primum_rated_count'), hashtext(NEW.user_id));
    NEW.rated_count := primum_rated_count(NEW.case_id, NEW.user_id);
  ELSIF NEW.rated_count IS DISTINCT FROM OLD.rated_count
        AND NOT (pg_trigger_depth() > 1 AND current_user = (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = TG_RELID)) THEN
    RAISE EXCEPTION 'primum: an assignment''s rated count is kept by the database and cannot be set' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER assignments_rated_count BEFORE INSERT OR UPDATE ON "assignments" FOR EACH ROW EXECUTE FUNCTION primum_assignment_rated_count();

CREATE FUNCTION primum_count_ratings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM pg_advisory_xact_lock_shared(hashtext('primum_rated_count'), hashtext(x.user_id))
      FROM (SELECT DISTINCT user_id FROM primum_new_ratings ORDER BY 1) x;
    UPDATE "assignments" a SET "rated_count" = a.rated_count + d.n
      FROM (SELECT o.case_id, x.user_id, count(*)::integer AS n FROM primum_new_ratings x JOIN "options" o ON o.id = x.option_id GROUP BY 1, 2) d
      WHERE a.case_id = d.case_id AND a.user_id = d.user_id;
  ELSE
    PERFORM pg_advisory_xact_lock_shared(hashtext('primum_rated_count'), hashtext(x.user_id))
      FROM (SELECT DISTINCT user_id FROM primum_old_ratings ORDER BY 1) x;
    UPDATE "assignments" a SET "rated_count" = a.rated_count - d.n
      FROM (SELECT o.case_id, x.user_id, count(*)::integer AS n FROM primum_old_ratings x JOIN "options" o ON o.id = x.option_id GROUP BY 1, 2) d
      WHERE a.case_id = d.case_id AND a.user_id = d.user_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ratings_count_insert AFTER INSERT ON "ratings" REFERENCING NEW TABLE AS primum_new_ratings
  FOR EACH STATEMENT EXECUTE FUNCTION primum_count_ratings();
CREATE TRIGGER ratings_count_delete AFTER DELETE ON "ratings" REFERENCING OLD TABLE AS primum_old_ratings
  FOR EACH STATEMENT EXECUTE FUNCTION primum_count_ratings();

-- An option that moves to another case takes its ratings along: both cases' assignments count afresh.
CREATE FUNCTION primum_recount_moved_option() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "cases" c WHERE c.id IN (OLD.case_id, NEW.case_id) ORDER BY c.id FOR NO KEY UPDATE;
  UPDATE "assignments" a SET "rated_count" = primum_rated_count(a.case_id, a.user_id) WHERE a.case_id IN (OLD.case_id, NEW.case_id);
  RETURN NULL;
END $$;
CREATE TRIGGER options_recount AFTER UPDATE OF "case_id" ON "options" FOR EACH ROW
  WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id) EXECUTE FUNCTION primum_recount_moved_option();

DROP FUNCTION primum_save_rating_notify_later(text, integer, text, integer, uuid, timestamptz, integer);
DROP FUNCTION primum_save_rating_in_session(text, integer, text, integer, uuid, timestamptz, integer);
DROP FUNCTION primum_save_rating(text, text, integer, uuid, timestamptz, integer);

-- outcome: 'applied' | 'duplicate' (this client id was seen before) | 'stale' (a newer score was
-- already given) | 'not_assigned' | 'inactive' (not an active physician, or p_session_version is
-- given and the session has ended). p_notify_later: the rating's trigger does not NOTIFY; the
-- caller notifies project_id once the save has committed (migration 20261201002000). Runs as its
-- owner (it writes the save log, which the app may only read): SECURITY DEFINER, search_path pinned.
CREATE FUNCTION primum_save_rating(
  p_user_id text, p_session_version integer, p_option_id text, p_score integer, p_client_id uuid,
  p_given_at timestamptz, p_active_ms integer, p_notify_later boolean,
  OUT outcome text, OUT score integer, OUT rated integer, OUT total integer, OUT status text, OUT submitted boolean, OUT project_id text
) LANGUAGE plpgsql AS $$
DECLARE
  v_case text;
  v_assignment text;
  v_status "AssignmentStatus";
  v_started timestamp(3);
  v_completed timestamp(3);
  v_submitted timestamp(3);
  v_seen record;
  v_given timestamptz := LEAST(p_given_at, CURRENT_TIMESTAMP);
  v_apply boolean;
  v_done boolean;
BEGIN
  rated := 0;
  total := 0;
  submitted := false;
  IF NOT EXISTS (SELECT 1 FROM "users" u WHERE u.id = p_user_id AND u.is_active AND u.role = 'PHYSICIAN'
                 AND (p_session_version IS NULL OR u.session_version = p_session_version)) THEN
    outcome := 'inactive';
    RETURN;
  END IF;
  -- Locking the assignment row serialises this physician's saves on this case, so the
  -- check-then-write below cannot interleave with a retry of the same save.
  SELECT o.case_id, c.project_id, a.id, a.status, a.started_at, a.completed_at, a.submitted_at
    INTO v_case, project_id, v_assignment, v_status, v_started, v_completed, v_submitted
    FROM "options" o
    JOIN "cases" c ON c.id = o.case_id
    JOIN "assignments" a ON a.case_id = o.case_id AND a.user_id = p_user_id AND a.status <> 'DECLINED'
    WHERE o.id = p_option_id
    FOR UPDATE OF a;
  IF v_assignment IS NULL THEN
    outcome := 'not_assigned';
    project_id := NULL;
    RETURN;
  END IF;

  -- The save log: every client id once. The newest score given wins: a save is applied unless an
  -- applied save of the same option is newer (given_at, then client id, as before).
  INSERT INTO "rating_saves" ("client_id", "option_id", "user_id", "score", "given_at", "active_ms", "applied")
    VALUES (p_client_id, p_option_id, p_user_id, p_score, v_given, p_active_ms,
      NOT EXISTS (SELECT 1 FROM "rating_saves" s WHERE s.option_id = p_option_id AND s.user_id = p_user_id AND s.applied
                    AND (s.given_at, s.client_id) > (v_given, p_client_id)))
    ON CONFLICT ("client_id") DO NOTHING
    RETURNING "applied" INTO v_apply;
  IF NOT FOUND THEN
    SELECT s.option_id, s.user_id INTO v_seen FROM "rating_saves" s WHERE s.client_id = p_client_id;
    IF v_seen.option_id <> p_option_id OR v_seen.user_id <> p_user_id THEN
      RAISE EXCEPTION 'primum: save id % was already used for another option', p_client_id USING ERRCODE = 'P0409';
    END IF;
    v_apply := NULL;
  END IF;

  IF v_apply THEN
    PERFORM set_config('primum.actor_id', p_user_id, true),
      CASE WHEN p_notify_later THEN set_config('primum.notify_after_commit', 'on', true) END;
    IF p_score IS NULL THEN
      DELETE FROM "ratings" r WHERE r.option_id = p_option_id AND r.user_id = p_user_id;
    ELSE
      -- An existing rating is updated in place (its BEFORE INSERT checks are for new ratings);
      -- an unchanged score writes nothing.
      UPDATE "ratings" r SET "score" = p_score, "updated_at" = CURRENT_TIMESTAMP
        WHERE r.option_id = p_option_id AND r.user_id = p_user_id AND r.score IS DISTINCT FROM p_score;
      IF NOT FOUND THEN
        INSERT INTO "ratings" ("id", "option_id", "user_id", "score", "updated_at")
          VALUES (gen_random_uuid()::text, p_option_id, p_user_id, p_score, CURRENT_TIMESTAMP)
          ON CONFLICT ("option_id", "user_id") DO UPDATE SET "score" = EXCLUDED."score", "updated_at" = EXCLUDED."updated_at"
          WHERE "ratings"."score" IS DISTINCT FROM EXCLUDED."score";
      END IF;
    END IF;
  END IF;

  -- The case's progress for this physician (the count the ratings triggers keep), and the option's
  -- score after this save.
  SELECT a.rated_count, (SELECT count(*) FROM "options" o WHERE o.case_id = v_case),
      (SELECT r.score FROM "ratings" r WHERE r.option_id = p_option_id AND r.user_id = p_user_id)
    INTO rated, total, score
    FROM "assignments" a WHERE a.id = v_assignment;
  v_done := rated >= total;
  status := v_status::text;
  submitted := v_submitted IS NOT NULL;
  -- The assignment changes only when its status or dates do; a submitted case that loses a score
  -- is no longer submitted (it is submitted again when complete).
  IF v_apply AND (v_status IS DISTINCT FROM (CASE WHEN v_done THEN 'COMPLETED' ELSE 'IN_PROGRESS' END)::"AssignmentStatus"
                  OR v_started IS NULL
                  OR (v_done AND v_completed IS NULL)
                  OR (NOT v_done AND (v_completed IS NOT NULL OR v_submitted IS NOT NULL))) THEN
    UPDATE "assignments" a SET
      "status" = CASE WHEN v_done THEN 'COMPLETED'::"AssignmentStatus" ELSE 'IN_PROGRESS'::"AssignmentStatus" END,
      "started_at" = COALESCE(a.started_at, CURRENT_TIMESTAMP),
      "completed_at" = CASE WHEN v_done THEN COALESCE(a.completed_at, CURRENT_TIMESTAMP) END,
      "submitted_at" = CASE WHEN v_done THEN a.submitted_at END
    WHERE a.id = v_assignment
    RETURNING a.status::text, a.submitted_at IS NOT NULL INTO status, submitted;
  END IF;
  outcome := CASE WHEN v_apply IS NULL THEN 'duplicate' WHEN v_apply THEN 'applied' ELSE 'stale' END;
END $$;

-- The lock check of rows that belong to an option (ratings, adjudications): the case read and
-- share-locked in one query, and once when an update keeps the row's option.
CREATE OR REPLACE FUNCTION primum_refuse_locked_option_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_option text := CASE WHEN TG_OP = 'DELETE' THEN OLD.option_id ELSE NEW.option_id END;
  locked boolean;
BEGIN
  SELECT c.locked_at IS NOT NULL INTO locked
    FROM "options" o JOIN "cases" c ON c.id = o.case_id WHERE o.id = row_option FOR SHARE OF c;
  IF NOT COALESCE(locked, false) AND TG_OP = 'UPDATE' AND OLD.option_id IS DISTINCT FROM NEW.option_id THEN
    SELECT c.locked_at IS NOT NULL INTO locked
      FROM "options" o JOIN "cases" c ON c.id = o.case_id WHERE o.id = OLD.option_id FOR SHARE OF c;
  END IF;
  IF locked THEN
    RAISE EXCEPTION 'primum: locked: the case of option % is locked by a release; its % cannot change', row_option, TG_TABLE_NAME
      USING ERRCODE = 'P0423';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- Run as their owner with search_path pinned to this schema, pg_temp last (as in 20261201000300):
-- the save (it writes the save log, which the app may only read) and the writers of the rated
-- count (the app may not set it). The count itself is pinned too, so that no temporary "ratings"
-- can stand in for the real one when an assignment counts afresh. The triggers on the path of
-- every save (the lock check, the assignment's count guard) are not pinned, like the other
-- trigger functions: a pinned function costs a search_path change per call (measured: 3-6% of a
-- save), and the app role may create neither temporary objects (lib/server/app-role.ts revokes
-- TEMPORARY) nor objects in this schema, so nothing can come before this schema's tables.
DO $$
DECLARE
  signature text;
BEGIN
  FOREACH signature IN ARRAY ARRAY[
    'primum_save_rating(text, integer, text, integer, uuid, timestamptz, integer, boolean)',
    'primum_count_ratings()',
    'primum_recount_moved_option()'
  ] LOOP
    EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = %I, pg_temp', signature, current_schema());
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', signature);
  END LOOP;
  FOREACH signature IN ARRAY ARRAY[
    'primum_rated_count(text, text)'
  ] LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', signature, current_schema());
  END LOOP;
END $$;
