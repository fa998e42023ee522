-- The physician's rating screen: idempotent saves from a retry queue, cleared scores, active time,
-- submitting and declining a case, flags and comments per option.

-- Every save the browser sends carries a client-generated id and the moment the score was given.
-- The log is append-only: it makes a retried save apply once (same client id) and lets the newest
-- score given win when retries arrive out of order (older given_at: recorded, not applied). It also
-- keeps the active seconds the physician spent on the option, a quality signal for coordinators.
CREATE TABLE "rating_saves" (
    "client_id" UUID NOT NULL,
    "option_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    -- NULL clears the score (Backspace): a real change, recorded in rating_history as new_score NULL.
    "score" INTEGER,
    "given_at" TIMESTAMPTZ(3) NOT NULL,
    "active_ms" INTEGER NOT NULL DEFAULT 0,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied" BOOLEAN NOT NULL,
    CONSTRAINT "rating_saves_pkey" PRIMARY KEY ("client_id"),
    CONSTRAINT "rating_saves_score_range" CHECK ("score" IS NULL OR "score" BETWEEN 1 AND 9),
    CONSTRAINT "rating_saves_active_ms_range" CHECK ("active_ms" BETWEEN 0 AND 86400000)
);
CREATE INDEX "rating_saves_option_id_user_id_given_at_idx" ON "rating_saves"("option_id", "user_id", "given_at");
CREATE INDEX "rating_saves_user_id_idx" ON "rating_saves"("user_id");
ALTER TABLE "rating_saves" ADD CONSTRAINT "rating_saves_option_id_fkey" FOREIGN KEY ("option_id") REFERENCES "options"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "rating_saves" ADD CONSTRAINT "rating_saves_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE TRIGGER rating_saves_append_only BEFORE UPDATE OR DELETE ON "rating_saves" FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER rating_saves_no_truncate BEFORE TRUNCATE ON "rating_saves" FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();

-- Submitting and declining a case.
CREATE TYPE "DeclineReason" AS ENUM ('CONFLICT_OF_INTEREST', 'OUTSIDE_EXPERTISE', 'OTHER');
ALTER TABLE "assignments"
    ADD COLUMN "submitted_at" TIMESTAMP(3),
    ADD COLUMN "declined_at" TIMESTAMP(3),
    ADD COLUMN "decline_reason" "DeclineReason",
    ADD COLUMN "decline_note" TEXT;
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_decline_recorded"
    CHECK (("status" = 'DECLINED') = ("declined_at" IS NOT NULL AND "decline_reason" IS NOT NULL));
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_submitted_complete"
    CHECK ("submitted_at" IS NULL OR "status" = 'COMPLETED');
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_decline_note_length" CHECK (length("decline_note") <= 2000);
-- A declined case stays declined: the physician is never put back on it silently.
CREATE FUNCTION primum_refuse_undecline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'DECLINED' AND NEW.status IS DISTINCT FROM 'DECLINED' THEN
    RAISE EXCEPTION 'primum: a declined assignment cannot be reopened' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER assignments_declined_final BEFORE UPDATE ON "assignments" FOR EACH ROW EXECUTE FUNCTION primum_refuse_undecline();

-- One flag of each kind per physician and option; comments are one per physician and option.
CREATE UNIQUE INDEX "flags_option_id_user_id_kind_key" ON "flags"("option_id", "user_id", "kind");
CREATE TABLE "option_comments" (
    "id" TEXT NOT NULL,
    "option_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "option_comments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "option_comments_body_length" CHECK (length("body") BETWEEN 1 AND 4000)
);
CREATE UNIQUE INDEX "option_comments_option_id_user_id_key" ON "option_comments"("option_id", "user_id");
CREATE INDEX "option_comments_user_id_idx" ON "option_comments"("user_id");
ALTER TABLE "option_comments" ADD CONSTRAINT "option_comments_option_id_fkey" FOREIGN KEY ("option_id") REFERENCES "options"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "option_comments" ADD CONSTRAINT "option_comments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "flags" ADD CONSTRAINT "flags_comment_length" CHECK (length("comment") <= 4000);

-- Flags and comments of a locked case are frozen with it.
CREATE FUNCTION primum_refuse_locked_notes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_option text := CASE WHEN TG_OP = 'DELETE' THEN OLD.option_id ELSE NEW.option_id END;
BEGIN
  IF primum_case_is_locked((SELECT o.case_id FROM "options" o WHERE o.id = row_option)) THEN
    RAISE EXCEPTION 'primum: locked: option % belongs to a locked case', row_option USING ERRCODE = 'P0423';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER flags_locked BEFORE INSERT OR UPDATE OR DELETE ON "flags" FOR EACH ROW EXECUTE FUNCTION primum_refuse_locked_notes();
CREATE TRIGGER option_comments_locked BEFORE INSERT OR UPDATE OR DELETE ON "option_comments" FOR EACH ROW EXECUTE FUNCTION primum_refuse_locked_notes();

-- One save in one round trip: the assignment check, the idempotency and ordering check, the
-- rating write (history and NOTIFY through the existing triggers) and the case progress.
-- Work per save is bounded by the size of one case, never by the project.
-- outcome: 'applied' | 'duplicate' (this client id was seen before) | 'stale' (a newer score was
-- already given) | 'not_assigned' | 'inactive'.
CREATE FUNCTION primum_save_rating(
  p_user_id text, p_option_id text, p_score integer, p_client_id uuid, p_given_at timestamptz, p_active_ms integer
) RETURNS TABLE (outcome text, score integer, rated integer, total integer, status text, submitted boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_case text;
  v_assignment record;
  v_seen record;
  v_newest record;
  v_given timestamptz := LEAST(p_given_at, CURRENT_TIMESTAMP);
  v_apply boolean;
  v_rated integer;
  v_total integer;
  v_done boolean;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "users" u WHERE u.id = p_user_id AND u.is_active AND u.role = 'PHYSICIAN') THEN
    RETURN QUERY SELECT 'inactive'::text, NULL::integer, 0, 0, NULL::text, false;
    RETURN;
  END IF;
  SELECT o.case_id INTO v_case FROM "options" o WHERE o.id = p_option_id;
  -- Locking the assignment row serialises this physician's saves on this case, so the
  -- check-then-write below cannot interleave with a retry of the same save.
  SELECT a.id, a.status, a.submitted_at INTO v_assignment FROM "assignments" a
    WHERE a.case_id = v_case AND a.user_id = p_user_id AND a.status <> 'DECLINED' FOR UPDATE;
  IF v_case IS NULL OR v_assignment.id IS NULL THEN
    RETURN QUERY SELECT 'not_assigned'::text, NULL::integer, 0, 0, NULL::text, false;
    RETURN;
  END IF;

  SELECT s.option_id, s.user_id INTO v_seen FROM "rating_saves" s WHERE s.client_id = p_client_id;
  IF FOUND THEN
    IF v_seen.option_id <> p_option_id OR v_seen.user_id <> p_user_id THEN
      RAISE EXCEPTION 'primum: save id % was already used for another option', p_client_id USING ERRCODE = 'P0409';
    END IF;
    v_apply := NULL;
  ELSE
    SELECT s.given_at, s.client_id INTO v_newest FROM "rating_saves" s
      WHERE s.option_id = p_option_id AND s.user_id = p_user_id AND s.applied
      ORDER BY s.given_at DESC, s.client_id DESC LIMIT 1;
    v_apply := v_newest.given_at IS NULL OR (v_given, p_client_id) > (v_newest.given_at, v_newest.client_id);
    INSERT INTO "rating_saves" ("client_id", "option_id", "user_id", "score", "given_at", "active_ms", "applied")
      VALUES (p_client_id, p_option_id, p_user_id, p_score, v_given, p_active_ms, v_apply);
  END IF;

  IF v_apply THEN
    PERFORM set_config('primum.actor_id', p_user_id, true);
    IF p_score IS NULL THEN
      DELETE FROM "ratings" r WHERE r.option_id = p_option_id AND r.user_id = p_user_id;
    ELSE
      INSERT INTO "ratings" ("id", "option_id", "user_id", "score", "updated_at")
        VALUES (gen_random_uuid()::text, p_option_id, p_user_id, p_score, CURRENT_TIMESTAMP)
        ON CONFLICT ("option_id", "user_id") DO UPDATE SET "score" = EXCLUDED."score", "updated_at" = EXCLUDED."updated_at"
        WHERE "ratings"."score" IS DISTINCT FROM EXCLUDED."score";
    END IF;
  END IF;

  SELECT count(*) INTO v_total FROM "options" o WHERE o.case_id = v_case;
  SELECT count(*) INTO v_rated FROM "options" o JOIN "ratings" r ON r.option_id = o.id AND r.user_id = p_user_id WHERE o.case_id = v_case;
  v_done := v_rated >= v_total;
  IF v_apply THEN
    UPDATE "assignments" a SET
      "status" = CASE WHEN v_done THEN 'COMPLETED'::"AssignmentStatus" ELSE 'IN_PROGRESS'::"AssignmentStatus" END,
      "started_at" = COALESCE(a.started_at, CURRENT_TIMESTAMP),
      "completed_at" = CASE WHEN v_done THEN COALESCE(a.completed_at, CURRENT_TIMESTAMP) END,
      -- A submitted case that loses a score is no longer submitted; it is submitted again when complete.
      "submitted_at" = CASE WHEN v_done THEN a.submitted_at END
    WHERE a.id = v_assignment.id;
  END IF;

  RETURN QUERY
    SELECT CASE WHEN v_apply IS NULL THEN 'duplicate' WHEN v_apply THEN 'applied' ELSE 'stale' END,
      (SELECT r.score FROM "ratings" r WHERE r.option_id = p_option_id AND r.user_id = p_user_id),
      v_rated, v_total, a.status::text, a.submitted_at IS NOT NULL
    FROM "assignments" a WHERE a.id = v_assignment.id;
END $$;
