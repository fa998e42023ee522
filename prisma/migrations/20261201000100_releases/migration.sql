-- Releases a researcher can trust (issue 9): a release records how it was made (the gold rule as
-- data, the licence, an override and who gave it, the agreement figures), how each gold label was
-- reached, the archive it exports to (every file's SHA-256; the release id is that of the manifest),
-- and revocable public links. Releases locked before this migration keep NULL in the new columns.

-- JSON, not JSONB: release.json and agreement.json are written from these columns, and JSON keeps
-- the keys in the order they were written (JSONB would sort them).
ALTER TABLE "releases"
  ALTER COLUMN "summary" TYPE JSON USING "summary"::json,
  ADD COLUMN "gold_rule_config" JSON,
  ADD COLUMN "license" TEXT,
  ADD COLUMN "override_reason" TEXT,
  ADD COLUMN "override_by_id" TEXT REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  ADD COLUMN "agreement" JSON,
  ADD CONSTRAINT "releases_override_complete" CHECK (("override_reason" IS NULL) = ("override_by_id" IS NULL)),
  ADD CONSTRAINT "releases_override_reason_written" CHECK ("override_reason" IS NULL OR length(btrim("override_reason")) >= 10);

-- How the gold score was reached: 'rule' (median), 'adjudicated', or 'none' (no gold: only through an
-- override). An option locked by an override while it lacked ratings or its adjudication says so.
ALTER TABLE "release_items"
  ALTER COLUMN "gold_score" DROP NOT NULL,
  ADD COLUMN "gold_source" TEXT,
  ADD COLUMN "locked_by_override" BOOLEAN NOT NULL DEFAULT false,
  ADD CONSTRAINT "release_items_gold_source_known" CHECK ("gold_source" IS NULL OR "gold_source" IN ('rule', 'adjudicated', 'none')),
  ADD CONSTRAINT "release_items_gold_present" CHECK (
    CASE WHEN "gold_source" IS NULL THEN "gold_score" IS NOT NULL ELSE ("gold_source" = 'none') = ("gold_score" IS NULL) END
  );

-- The archive's files as locked: path, size and SHA-256 (MANIFEST.sha256 included: its hash is the
-- release id). Written with the release, in its transaction, never changed.
CREATE TABLE "release_files" (
  "release_id" TEXT NOT NULL REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "position" INTEGER NOT NULL,
  "path" TEXT NOT NULL,
  "size" BIGINT NOT NULL CHECK ("size" >= 0),
  "sha256" TEXT NOT NULL CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
  CONSTRAINT "release_files_pkey" PRIMARY KEY ("release_id", "path")
);
CREATE UNIQUE INDEX "release_files_release_position_key" ON "release_files"("release_id", "position");
CREATE INDEX "release_files_manifest_idx" ON "release_files"("sha256") WHERE "path" = 'MANIFEST.sha256';
CREATE TRIGGER release_files_immutable BEFORE UPDATE OR DELETE ON "release_files"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER release_files_no_truncate BEFORE TRUNCATE ON "release_files"
  FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();
CREATE TRIGGER release_files_sealed BEFORE INSERT ON "release_files"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_late_release_rows();

-- A public link for reviewers: an unguessable token (only its SHA-256 is stored) that a coordinator
-- can revoke. Revoking is the only change a link ever takes; links are never deleted.
CREATE TABLE "release_links" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "release_id" TEXT NOT NULL REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "token_hash" TEXT NOT NULL UNIQUE,
  "created_by_id" TEXT NOT NULL REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "revoked_at" TIMESTAMP(3),
  "revoked_by_id" TEXT REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT "release_links_revoked_complete" CHECK (("revoked_at" IS NULL) = ("revoked_by_id" IS NULL))
);
CREATE INDEX "release_links_release_id_idx" ON "release_links"("release_id");

CREATE FUNCTION primum_release_link_revoke_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'primum: release links are kept for the audit history' USING ERRCODE = 'P0403';
  END IF;
  IF OLD.revoked_at IS NOT NULL THEN
    RAISE EXCEPTION 'primum: this link was already revoked' USING ERRCODE = 'P0403';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.release_id IS DISTINCT FROM OLD.release_id OR NEW.token_hash IS DISTINCT FROM OLD.token_hash
     OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'primum: a release link cannot be altered, only revoked' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER release_links_revoke_only BEFORE UPDATE OR DELETE ON "release_links"
  FOR EACH ROW EXECUTE FUNCTION primum_release_link_revoke_only();
CREATE TRIGGER release_links_no_truncate BEFORE TRUNCATE ON "release_links"
  FOR EACH STATEMENT EXECUTE FUNCTION primum_refuse_change();

-- Whether a rater is simulated is fixed when the account is created: releases state it in their
-- ratings files, so flipping it later would change what a locked release exports.
CREATE FUNCTION primum_simulated_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'primum: whether an account is simulated is fixed when it is created' USING ERRCODE = 'P0403';
END $$;
CREATE TRIGGER users_simulated_fixed BEFORE UPDATE OF "is_simulated" ON "users"
  FOR EACH ROW WHEN (OLD."is_simulated" IS DISTINCT FROM NEW."is_simulated") EXECUTE FUNCTION primum_simulated_fixed();
