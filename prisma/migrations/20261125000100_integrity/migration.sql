-- Guarantees that protect the data, enforced by PostgreSQL itself, whatever client writes.

-- Scores live on the RAND/UCLA 1-9 scale.
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_score_range" CHECK ("score" BETWEEN 1 AND 9);
ALTER TABLE "adjudications" ADD CONSTRAINT "adjudications_score_range" CHECK ("score" BETWEEN 1 AND 9);
ALTER TABLE "adjudications" ADD CONSTRAINT "adjudications_rationale_present" CHECK (length(btrim("rationale")) > 0);
ALTER TABLE "options" ADD CONSTRAINT "options_reference_score_range" CHECK ("reference_score" IS NULL OR "reference_score" BETWEEN 1 AND 9);
ALTER TABLE "release_items" ADD CONSTRAINT "release_items_gold_score_range" CHECK ("gold_score" BETWEEN 1 AND 9);
ALTER TABLE "projects" ADD CONSTRAINT "projects_raters_per_case_positive" CHECK ("raters_per_case" BETWEEN 1 AND 50);
ALTER TABLE "releases" ADD CONSTRAINT "releases_version_positive" CHECK ("version" >= 1);

-- Append-only tables: history, audit and releases can be added to, never changed or removed.
CREATE FUNCTION primum_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'primum: % on % is refused: the table is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'P0403';
END $$;

CREATE TRIGGER rating_history_append_only BEFORE UPDATE OR DELETE ON "rating_history"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER rating_history_no_truncate BEFORE TRUNCATE ON "rating_history"
  FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER releases_immutable BEFORE UPDATE OR DELETE ON "releases"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER release_cases_immutable BEFORE UPDATE OR DELETE ON "release_cases"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER release_items_immutable BEFORE UPDATE OR DELETE ON "release_items"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();

-- A locked case is frozen: its content, options, ratings and adjudications cannot change.
CREATE FUNCTION primum_case_is_locked(case_id text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM "cases" WHERE "id" = case_id AND "locked_at" IS NOT NULL)
$$;

CREATE FUNCTION primum_option_case(option_id text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT "case_id" FROM "options" WHERE "id" = option_id
$$;

CREATE FUNCTION primum_refuse_locked_option_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_option text := CASE WHEN TG_OP = 'DELETE' THEN OLD.option_id ELSE NEW.option_id END;
BEGIN
  IF primum_case_is_locked(primum_option_case(row_option))
     OR (TG_OP = 'UPDATE' AND primum_case_is_locked(primum_option_case(OLD.option_id))) THEN
    RAISE EXCEPTION 'primum: locked: the case of option % is locked by a release; its % cannot change', row_option, TG_TABLE_NAME
      USING ERRCODE = 'P0423';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER ratings_locked BEFORE INSERT OR UPDATE OR DELETE ON "ratings"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_locked_option_rows();
CREATE TRIGGER adjudications_locked BEFORE INSERT OR UPDATE OR DELETE ON "adjudications"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_locked_option_rows();

CREATE FUNCTION primum_refuse_locked_options() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF primum_case_is_locked(OLD.case_id) OR (TG_OP = 'UPDATE' AND primum_case_is_locked(NEW.case_id)) THEN
    RAISE EXCEPTION 'primum: locked: option % belongs to a locked case', OLD.id USING ERRCODE = 'P0423';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER options_locked BEFORE UPDATE OR DELETE ON "options"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_locked_options();
CREATE FUNCTION primum_refuse_locked_option_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF primum_case_is_locked(NEW.case_id) THEN
    RAISE EXCEPTION 'primum: locked: case % is locked; no option can be added', NEW.case_id USING ERRCODE = 'P0423';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER options_locked_insert BEFORE INSERT ON "options"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_locked_option_insert();

CREATE FUNCTION primum_refuse_locked_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.locked_at IS NOT NULL THEN
    RAISE EXCEPTION 'primum: locked: case % is locked by a release', OLD.external_id USING ERRCODE = 'P0423';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER cases_locked BEFORE UPDATE OR DELETE ON "cases"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_locked_cases();

-- Every rating change lands in the append-only history, whoever writes it. The acting user is
-- taken from the transaction-local setting primum.actor_id when the application sets it.
CREATE FUNCTION primum_record_rating_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := NULLIF(current_setting('primum.actor_id', true), '');
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "rating_history" ("rating_id", "option_id", "user_id", "old_score", "new_score", "changed_by")
      VALUES (NEW.id, NEW.option_id, NEW.user_id, NULL, NEW.score, COALESCE(actor, NEW.user_id));
  ELSIF TG_OP = 'UPDATE' AND NEW.score IS DISTINCT FROM OLD.score THEN
    INSERT INTO "rating_history" ("rating_id", "option_id", "user_id", "old_score", "new_score", "changed_by")
      VALUES (NEW.id, NEW.option_id, NEW.user_id, OLD.score, NEW.score, COALESCE(actor, NEW.user_id));
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "rating_history" ("rating_id", "option_id", "user_id", "old_score", "new_score", "changed_by")
      VALUES (OLD.id, OLD.option_id, OLD.user_id, OLD.score, NULL, actor);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER ratings_history AFTER INSERT OR UPDATE OR DELETE ON "ratings"
  FOR EACH ROW EXECUTE FUNCTION primum_record_rating_history();

-- Live updates: every committed rating change notifies listeners of its project (identical
-- payloads within one transaction are folded into one notification by PostgreSQL).
CREATE FUNCTION primum_notify_rating() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_option text := CASE WHEN TG_OP = 'DELETE' THEN OLD.option_id ELSE NEW.option_id END;
  project text;
BEGIN
  SELECT c.project_id INTO project FROM "options" o JOIN "cases" c ON c.id = o.case_id WHERE o.id = row_option;
  PERFORM pg_notify('primum_ratings', project);
  RETURN NULL;
END $$;

CREATE TRIGGER ratings_notify AFTER INSERT OR UPDATE OR DELETE ON "ratings"
  FOR EACH ROW EXECUTE FUNCTION primum_notify_rating();
