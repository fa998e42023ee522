-- Physicians as judges (issue 10): a submitted plan review stays submitted. Once submitted_at is set
-- it never changes again (not back to NULL, not to another time), and the assignment keeps its
-- review and physician (20261201001000 already refuses that for every assignment; this says it
-- again for submitted ones so the guarantee does not hang on one trigger). submitReview sets
-- submitted_at with a conditional update (WHERE submitted_at IS NULL), so this never refuses it.
CREATE FUNCTION primum_plan_review_submitted_stays() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."submitted_at" IS NOT NULL AND (
       NEW."submitted_at" IS DISTINCT FROM OLD."submitted_at"
    OR NEW."user_id" IS DISTINCT FROM OLD."user_id"
    OR NEW."review_id" IS DISTINCT FROM OLD."review_id") THEN
    RAISE EXCEPTION 'primum: a submitted plan review keeps its submission time, review and physician' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER plan_review_assignments_submitted_stays BEFORE UPDATE ON "plan_review_assignments"
  FOR EACH ROW EXECUTE FUNCTION primum_plan_review_submitted_stays();
