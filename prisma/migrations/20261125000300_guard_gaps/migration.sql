-- Closes the gaps a review found in the "whoever writes" guarantees.

-- Rubric remainders keep their key order (json, unlike jsonb, stores the text as given).
ALTER TABLE "cases" ALTER COLUMN "rubric" DROP DEFAULT, ALTER COLUMN "rubric" TYPE json USING "rubric"::json, ALTER COLUMN "rubric" SET DEFAULT '{}';
ALTER TABLE "options" ALTER COLUMN "extra" DROP DEFAULT, ALTER COLUMN "extra" TYPE json USING "extra"::json, ALTER COLUMN "extra" SET DEFAULT '{}';

-- TRUNCATE bypasses row triggers: refuse it on every table whose rows are protected.
CREATE TRIGGER ratings_no_truncate BEFORE TRUNCATE ON "ratings" FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER adjudications_no_truncate BEFORE TRUNCATE ON "adjudications" FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER options_no_truncate BEFORE TRUNCATE ON "options" FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER cases_no_truncate BEFORE TRUNCATE ON "cases" FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER releases_no_truncate BEFORE TRUNCATE ON "releases" FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER release_cases_no_truncate BEFORE TRUNCATE ON "release_cases" FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER release_items_no_truncate BEFORE TRUNCATE ON "release_items" FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();

-- A release is written whole, in one transaction: rows can join it only in the transaction that
-- created it (the release row's xmin is the current transaction's id).
CREATE FUNCTION primum_refuse_late_release_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM "releases" r WHERE r.id = NEW.release_id AND (r.xmin::text)::bigint = txid_current() % 4294967296
  ) THEN
    RAISE EXCEPTION 'primum: release % is sealed; nothing can be added to it', NEW.release_id USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER release_cases_sealed BEFORE INSERT ON "release_cases" FOR EACH ROW EXECUTE FUNCTION primum_refuse_late_release_rows();
CREATE TRIGGER release_items_sealed BEFORE INSERT ON "release_items" FOR EACH ROW EXECUTE FUNCTION primum_refuse_late_release_rows();

-- A rating belongs to one option and one physician for good: history records scores, and a
-- rating moved to another option or rater would rewrite who said what without a trace.
CREATE FUNCTION primum_refuse_rating_reattribution() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.option_id IS DISTINCT FROM OLD.option_id OR NEW.user_id IS DISTINCT FROM OLD.user_id THEN
    RAISE EXCEPTION 'primum: a rating cannot move to another option or physician' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ratings_fixed_owner BEFORE UPDATE ON "ratings" FOR EACH ROW EXECUTE FUNCTION primum_refuse_rating_reattribution();
