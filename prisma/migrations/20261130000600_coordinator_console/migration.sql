-- The coordinator's console (issue 8): project membership, invitations and password resets,
-- answers in an option's thread, two new ways an assignment is withdrawn, and history rows that
-- never name a physician for a change nobody claimed.

ALTER TYPE "DeclineReason" ADD VALUE 'REASSIGNED';
ALTER TYPE "DeclineReason" ADD VALUE 'DEACTIVATED';
CREATE TYPE "InvitationKind" AS ENUM ('INVITE', 'PASSWORD_RESET');

ALTER TABLE "adjudications" ADD COLUMN "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE TABLE "project_members" (
    "project_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "added_by_id" TEXT,
    "added_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "project_members_pkey" PRIMARY KEY ("project_id", "user_id")
);
CREATE INDEX "project_members_user_id_idx" ON "project_members"("user_id");
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "project_members" ADD CONSTRAINT "project_members_added_by_id_fkey" FOREIGN KEY ("added_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Existing studies keep their people: every coordinator and adjudicator saw every project
-- before membership existed, and physicians work on the projects they hold assignments in.
INSERT INTO "project_members" ("project_id", "user_id")
  SELECT p.id, u.id FROM "projects" p CROSS JOIN "users" u
  WHERE u.role IN ('COORDINATOR', 'ADJUDICATOR') AND NOT u.is_simulated
  ON CONFLICT DO NOTHING;
INSERT INTO "project_members" ("project_id", "user_id")
  SELECT DISTINCT c.project_id, a.user_id FROM "assignments" a JOIN "cases" c ON c.id = a.case_id
  ON CONFLICT DO NOTHING;

CREATE TABLE "invitations" (
    "id" TEXT NOT NULL,
    "kind" "InvitationKind" NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "specialties" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "project_id" TEXT,
    "user_id" TEXT,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "invitations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "invitations_token_hash_format" CHECK ("token_hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "invitations_expiry_after_creation" CHECK ("expires_at" > "created_at"),
    CONSTRAINT "invitations_reset_names_user" CHECK ("kind" <> 'PASSWORD_RESET' OR "user_id" IS NOT NULL),
    CONSTRAINT "invitations_used_or_revoked" CHECK ("used_at" IS NULL OR "revoked_at" IS NULL)
);
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations"("token_hash");
CREATE INDEX "invitations_email_idx" ON "invitations"("email");
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A link is used once: once used or revoked, an invitation row never changes again, and rows are
-- never deleted (the audit page lists them).
CREATE FUNCTION primum_invitation_single_use() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'primum: invitations are kept for the audit history' USING ERRCODE = 'P0403';
  END IF;
  IF OLD.used_at IS NOT NULL OR OLD.revoked_at IS NOT NULL THEN
    RAISE EXCEPTION 'primum: this link was already used or revoked' USING ERRCODE = 'P0403';
  END IF;
  IF NEW.token_hash IS DISTINCT FROM OLD.token_hash OR NEW.email IS DISTINCT FROM OLD.email
     OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.role IS DISTINCT FROM OLD.role
     OR NEW.expires_at IS DISTINCT FROM OLD.expires_at OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'primum: an invitation cannot be altered' USING ERRCODE = 'P0403';
  END IF;
  IF NEW.used_at IS NOT NULL AND OLD.expires_at <= now() THEN
    RAISE EXCEPTION 'primum: this link has expired' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invitations_single_use BEFORE UPDATE OR DELETE ON "invitations" FOR EACH ROW EXECUTE FUNCTION primum_invitation_single_use();
CREATE TRIGGER invitations_no_truncate BEFORE TRUNCATE ON "invitations" FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();

CREATE TABLE "option_replies" (
    "id" TEXT NOT NULL,
    "option_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "to_user_id" TEXT,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "option_replies_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "option_replies_body_length" CHECK (length(btrim("body")) BETWEEN 1 AND 4000)
);
CREATE INDEX "option_replies_option_id_idx" ON "option_replies"("option_id");
CREATE INDEX "option_replies_to_user_id_idx" ON "option_replies"("to_user_id");
ALTER TABLE "option_replies" ADD CONSTRAINT "option_replies_option_id_fkey" FOREIGN KEY ("option_id") REFERENCES "options"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "option_replies" ADD CONSTRAINT "option_replies_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "option_replies" ADD CONSTRAINT "option_replies_to_user_id_fkey" FOREIGN KEY ("to_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- Answers are part of the record: never edited or deleted.
CREATE TRIGGER option_replies_append_only BEFORE UPDATE OR DELETE ON "option_replies" FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER option_replies_no_truncate BEFORE TRUNCATE ON "option_replies" FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();

-- Who changed a rating is whoever the application named (primum.actor_id); a change made with
-- no actor named (a direct database change) is recorded as such (NULL), never attributed to the
-- physician whose rating it is.
CREATE OR REPLACE FUNCTION primum_record_rating_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := NULLIF(current_setting('primum.actor_id', true), '');
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "rating_history" ("rating_id", "option_id", "user_id", "old_score", "new_score", "changed_by")
      VALUES (NEW.id, NEW.option_id, NEW.user_id, NULL, NEW.score, actor);
  ELSIF TG_OP = 'UPDATE' AND NEW.score IS DISTINCT FROM OLD.score THEN
    INSERT INTO "rating_history" ("rating_id", "option_id", "user_id", "old_score", "new_score", "changed_by")
      VALUES (NEW.id, NEW.option_id, NEW.user_id, OLD.score, NEW.score, actor);
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "rating_history" ("rating_id", "option_id", "user_id", "old_score", "new_score", "changed_by")
      VALUES (OLD.id, OLD.option_id, OLD.user_id, OLD.score, NULL, actor);
  END IF;
  RETURN NULL;
END $$;

-- Live views follow adjudications as they follow ratings: the same channel, the project as payload.
CREATE TRIGGER adjudications_notify AFTER INSERT OR UPDATE OR DELETE ON "adjudications"
  FOR EACH ROW EXECUTE FUNCTION primum_notify_rating();
