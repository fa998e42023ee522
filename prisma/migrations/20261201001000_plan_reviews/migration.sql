-- Physicians as judges (issue 10). A coordinator samples judged plans (eval_records) for human review;
-- each review goes to k physicians of the case's specialty who are members of the project, and each
-- of them gives one verdict per rubric option: yes / partial / no. Verdicts are protected like
-- ratings: every change is written by a trigger into plan_verdict_history, which the app role can
-- read but never write (the writer runs as its owner, SECURITY DEFINER), and the checks live here.

CREATE TABLE "plan_reviews" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "project_id" TEXT NOT NULL REFERENCES "projects"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  -- The judged record under review; a record is never sampled twice.
  "record_id" TEXT NOT NULL REFERENCES "eval_records"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  -- The record's base case (copied so that specialty checks need no join through the model).
  "case_id" TEXT NOT NULL REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "k" INTEGER NOT NULL,
  "seed" INTEGER NOT NULL,
  "sampled_by_id" TEXT NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "plan_reviews_k_range" CHECK ("k" BETWEEN 1 AND 10),
  CONSTRAINT "plan_reviews_seed_range" CHECK ("seed" >= 0)
);
CREATE UNIQUE INDEX "plan_reviews_record_id_key" ON "plan_reviews"("record_id");
CREATE INDEX "plan_reviews_project_id_idx" ON "plan_reviews"("project_id");
CREATE INDEX "plan_reviews_case_id_idx" ON "plan_reviews"("case_id");

-- One physician's part of a review.
CREATE TABLE "plan_review_assignments" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "review_id" TEXT NOT NULL REFERENCES "plan_reviews"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "user_id" TEXT NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "assigned_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "submitted_at" TIMESTAMP(3)
);
CREATE UNIQUE INDEX "plan_review_assignments_review_id_user_id_key" ON "plan_review_assignments"("review_id", "user_id");
CREATE INDEX "plan_review_assignments_user_id_idx" ON "plan_review_assignments"("user_id");

-- A verdict on one rubric option (its number inside the case's rubric). `given_at` is when the
-- physician gave it (the client's clock, checked by the app): a late save of an older verdict loses.
CREATE TABLE "plan_verdicts" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "assignment_id" TEXT NOT NULL REFERENCES "plan_review_assignments"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "option_number" INTEGER NOT NULL,
  "verdict" TEXT NOT NULL,
  "given_at" TIMESTAMP(3) NOT NULL,
  "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "plan_verdicts_value" CHECK ("verdict" IN ('yes', 'partial', 'no'))
);
CREATE UNIQUE INDEX "plan_verdicts_assignment_id_option_number_key" ON "plan_verdicts"("assignment_id", "option_number");

-- Append-only history of every verdict change, written only by primum_record_plan_verdict_history.
CREATE TABLE "plan_verdict_history" (
  "id" BIGSERIAL NOT NULL PRIMARY KEY,
  "verdict_id" TEXT NOT NULL,
  "assignment_id" TEXT NOT NULL,
  "option_number" INTEGER NOT NULL,
  "old_verdict" TEXT,
  "new_verdict" TEXT,
  "changed_by" TEXT,
  "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "plan_verdict_history_assignment_id_idx" ON "plan_verdict_history"("assignment_id");

-- A review is of a record of its own project's models, and names the record's base case.
CREATE FUNCTION primum_plan_review_consistent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "eval_records" r JOIN "eval_models" m ON m."id" = r."model_id"
                 WHERE r."id" = NEW."record_id" AND r."case_id" = NEW."case_id" AND m."project_id" = NEW."project_id") THEN
    RAISE EXCEPTION 'primum: a plan review names a record of its own project and that record''s case' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER plan_reviews_consistent BEFORE INSERT ON "plan_reviews"
  FOR EACH ROW EXECUTE FUNCTION primum_plan_review_consistent();
CREATE TRIGGER plan_reviews_immutable BEFORE UPDATE OR DELETE ON "plan_reviews"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();

-- The assignee is an active physician of the case's specialty and a member of the project; the
-- review and the assignee never change afterwards (only submitted_at does).
CREATE FUNCTION primum_plan_review_assignee() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW."review_id" IS DISTINCT FROM OLD."review_id" OR NEW."user_id" IS DISTINCT FROM OLD."user_id" THEN
      RAISE EXCEPTION 'primum: a plan review assignment keeps its review and physician' USING ERRCODE = 'P0403';
    END IF;
    RETURN NEW;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM "plan_reviews" pr
      JOIN "cases" c ON c."id" = pr."case_id"
      JOIN "users" u ON u."id" = NEW."user_id"
      JOIN "user_specialties" us ON us."user_id" = u."id" AND us."specialty_id" = c."specialty_id"
      JOIN "project_members" pm ON pm."project_id" = pr."project_id" AND pm."user_id" = u."id"
     WHERE pr."id" = NEW."review_id" AND u."role" = 'PHYSICIAN' AND u."is_active") THEN
    RAISE EXCEPTION 'primum: a plan review goes to an active physician of the case''s specialty who is a member of the project' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER plan_review_assignments_assignee BEFORE INSERT OR UPDATE ON "plan_review_assignments"
  FOR EACH ROW EXECUTE FUNCTION primum_plan_review_assignee();
CREATE TRIGGER plan_review_assignments_no_delete BEFORE DELETE ON "plan_review_assignments"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();

-- A verdict names an option of the review's case, keeps its assignment and option, and is never
-- deleted (a physician changes a verdict; the history keeps every value).
CREATE FUNCTION primum_plan_verdict_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW."assignment_id" IS DISTINCT FROM OLD."assignment_id" OR NEW."option_number" IS DISTINCT FROM OLD."option_number") THEN
    RAISE EXCEPTION 'primum: a verdict keeps its assignment and option' USING ERRCODE = 'P0403';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM "plan_review_assignments" a JOIN "plan_reviews" pr ON pr."id" = a."review_id"
                   JOIN "options" o ON o."case_id" = pr."case_id" AND o."number" = NEW."option_number"
                  WHERE a."id" = NEW."assignment_id") THEN
    RAISE EXCEPTION 'primum: a verdict names an option of the reviewed case' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER plan_verdicts_check BEFORE INSERT OR UPDATE ON "plan_verdicts"
  FOR EACH ROW EXECUTE FUNCTION primum_plan_verdict_check();
CREATE TRIGGER plan_verdicts_no_delete BEFORE DELETE ON "plan_verdicts"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER plan_verdicts_no_truncate BEFORE TRUNCATE ON "plan_verdicts"
  FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();

-- The history writer: runs as its owner, actor from primum.actor_id (lib/db setActor), NULL if unset.
CREATE FUNCTION primum_record_plan_verdict_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := NULLIF(current_setting('primum.actor_id', true), '');
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "plan_verdict_history" ("verdict_id", "assignment_id", "option_number", "old_verdict", "new_verdict", "changed_by")
      VALUES (NEW."id", NEW."assignment_id", NEW."option_number", NULL, NEW."verdict", actor);
  ELSIF NEW."verdict" IS DISTINCT FROM OLD."verdict" THEN
    INSERT INTO "plan_verdict_history" ("verdict_id", "assignment_id", "option_number", "old_verdict", "new_verdict", "changed_by")
      VALUES (NEW."id", NEW."assignment_id", NEW."option_number", OLD."verdict", NEW."verdict", actor);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER plan_verdicts_history AFTER INSERT OR UPDATE ON "plan_verdicts"
  FOR EACH ROW EXECUTE FUNCTION primum_record_plan_verdict_history();

-- The history is append-only, and only its writer adds rows: lib/server/app-role grants the app role
-- INSERT on every table outside HISTORY_TABLES, so this guard refuses an insert by anyone who is not
-- (a member of) the table's owner, as the SECURITY DEFINER writer is. 42501 = insufficient_privilege.
CREATE FUNCTION primum_plan_verdict_history_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'MEMBER') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'primum: % on % is refused: the table is append-only and written by its trigger only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = '42501';
END $$;
CREATE TRIGGER plan_verdict_history_guard BEFORE INSERT OR UPDATE OR DELETE ON "plan_verdict_history"
  FOR EACH ROW EXECUTE FUNCTION primum_plan_verdict_history_guard();
CREATE TRIGGER plan_verdict_history_no_truncate BEFORE TRUNCATE ON "plan_verdict_history"
  FOR EACH STATEMENT EXECUTE FUNCTION primum_plan_verdict_history_guard();

DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION primum_record_plan_verdict_history() SECURITY DEFINER SET search_path = %I, pg_temp', current_schema());
  REVOKE EXECUTE ON FUNCTION primum_record_plan_verdict_history() FROM PUBLIC;
END $$;
