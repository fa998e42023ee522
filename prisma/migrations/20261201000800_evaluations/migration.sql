-- Model evaluation (issue 10). A model is a project's upload of one AI model's judged records
-- (`<model>_judged.jsonl`) and, optionally, its responses (the plan text). An evaluation scores a set
-- of models against one locked release, with the release's gold and with the imported reference
-- scores, and keeps the figures it computed: it never changes afterwards, and it names the release
-- (and so the release id, the manifest's SHA-256) it scored against. Evaluations stay out of the
-- releases' bytes.

CREATE TABLE "eval_models" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "project_id" TEXT NOT NULL REFERENCES "projects"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "name" TEXT NOT NULL,
  "judged_file" TEXT NOT NULL,
  "responses_file" TEXT,
  "record_count" INTEGER NOT NULL,
  "uploaded_by_id" TEXT NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "uploaded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "eval_models_name_shape" CHECK (length("name") BETWEEN 1 AND 120 AND "name" = btrim("name")),
  CONSTRAINT "eval_models_record_count_positive" CHECK ("record_count" > 0)
);
CREATE UNIQUE INDEX "eval_models_project_id_name_key" ON "eval_models"("project_id", "name");

-- One judged record: `record_id` is `<CaseId>` or `<CaseId>-<n>`; `case_id` is the base case's row.
CREATE TABLE "eval_records" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "model_id" TEXT NOT NULL REFERENCES "eval_models"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  "case_id" TEXT NOT NULL REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "record_id" TEXT NOT NULL,
  "trial" INTEGER NOT NULL,
  "position" INTEGER NOT NULL,
  "response" TEXT,
  "response_len" INTEGER,
  -- lib/evaluation/types OptionVerdict[] and PlanAction[], as parsed.
  "verdicts" JSONB NOT NULL,
  "actions" JSONB NOT NULL,
  CONSTRAINT "eval_records_response_len" CHECK ("response_len" IS NULL OR "response_len" >= 0)
);
CREATE UNIQUE INDEX "eval_records_model_id_record_id_trial_key" ON "eval_records"("model_id", "record_id", "trial");
CREATE INDEX "eval_records_case_id_idx" ON "eval_records"("case_id");

CREATE TABLE "evaluations" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "project_id" TEXT NOT NULL REFERENCES "projects"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "release_id" TEXT NOT NULL REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "created_by_id" TEXT NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "bootstrap" INTEGER NOT NULL,
  "seed" INTEGER NOT NULL,
  -- lib/evaluations/result EvaluationResult: every figure, computed once at creation.
  "result" JSON NOT NULL,
  CONSTRAINT "evaluations_bootstrap_range" CHECK ("bootstrap" BETWEEN 100 AND 20000),
  CONSTRAINT "evaluations_seed_range" CHECK ("seed" >= 0)
);
CREATE INDEX "evaluations_project_id_idx" ON "evaluations"("project_id");

CREATE TABLE "evaluation_models" (
  "evaluation_id" TEXT NOT NULL REFERENCES "evaluations"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "model_id" TEXT NOT NULL REFERENCES "eval_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  PRIMARY KEY ("evaluation_id", "model_id")
);
CREATE INDEX "evaluation_models_model_id_idx" ON "evaluation_models"("model_id");

-- A model's records are what it was uploaded with: never edited (a wrong upload is deleted, while no
-- evaluation names it, and uploaded again). Evaluations and their model lists never change.
CREATE TRIGGER eval_records_immutable BEFORE UPDATE ON "eval_records"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER eval_models_immutable BEFORE UPDATE ON "eval_models"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER evaluations_immutable BEFORE UPDATE OR DELETE ON "evaluations"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER evaluations_no_truncate BEFORE TRUNCATE ON "evaluations"
  FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER evaluation_models_immutable BEFORE UPDATE OR DELETE ON "evaluation_models"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER evaluation_models_no_truncate BEFORE TRUNCATE ON "evaluation_models"
  FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();

-- An evaluation scores its own project's release and models; a model's records are its project's cases.
CREATE FUNCTION primum_evaluation_same_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'evaluations' THEN
    IF NOT EXISTS (SELECT 1 FROM "releases" r WHERE r."id" = NEW."release_id" AND r."project_id" = NEW."project_id") THEN
      RAISE EXCEPTION 'primum: an evaluation scores a release of its own project' USING ERRCODE = 'P0403';
    END IF;
  ELSIF TG_TABLE_NAME = 'eval_records' THEN
    IF NOT EXISTS (SELECT 1 FROM "eval_models" m JOIN "cases" c ON c."project_id" = m."project_id"
                   WHERE m."id" = NEW."model_id" AND c."id" = NEW."case_id") THEN
      RAISE EXCEPTION 'primum: a model''s records are of cases of its own project' USING ERRCODE = 'P0403';
    END IF;
  ELSE
    IF NOT EXISTS (SELECT 1 FROM "evaluations" e JOIN "eval_models" m ON m."project_id" = e."project_id"
                   WHERE e."id" = NEW."evaluation_id" AND m."id" = NEW."model_id") THEN
      RAISE EXCEPTION 'primum: an evaluation scores models of its own project' USING ERRCODE = 'P0403';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER evaluations_same_project BEFORE INSERT ON "evaluations"
  FOR EACH ROW EXECUTE FUNCTION primum_evaluation_same_project();
CREATE TRIGGER eval_records_same_project BEFORE INSERT ON "eval_records"
  FOR EACH ROW EXECUTE FUNCTION primum_evaluation_same_project();
CREATE TRIGGER evaluation_models_same_project BEFORE INSERT ON "evaluation_models"
  FOR EACH ROW EXECUTE FUNCTION primum_evaluation_same_project();
