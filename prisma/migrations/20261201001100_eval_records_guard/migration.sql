-- What an evaluation scored stays (issue 10, review): a model's records cannot be deleted once an
-- evaluation names the model (its figures and its model page rest on them), nor truncated at all;
-- and a record belongs to the case its id names (`Card001-3` to Card001), as the app reads it.

CREATE FUNCTION primum_eval_record_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "evaluation_models" em WHERE em."model_id" = OLD."model_id") THEN
    RAISE EXCEPTION 'primum: DELETE on eval_records is refused: an evaluation scored this model, and its records are append-only'
      USING ERRCODE = 'P0403';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER eval_records_kept BEFORE DELETE ON "eval_records"
  FOR EACH ROW EXECUTE FUNCTION primum_eval_record_kept();
CREATE TRIGGER eval_records_no_truncate BEFORE TRUNCATE ON "eval_records"
  FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER eval_models_no_truncate BEFORE TRUNCATE ON "eval_models"
  FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();

CREATE FUNCTION primum_eval_record_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "cases" c WHERE c."id" = NEW."case_id" AND c."external_id" = regexp_replace(NEW."record_id", '-[0-9]+$', '')) THEN
    RAISE EXCEPTION 'primum: record % is not of the case its row names', NEW."record_id" USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER eval_records_case_matches BEFORE INSERT ON "eval_records"
  FOR EACH ROW EXECUTE FUNCTION primum_eval_record_case();
