-- Rater pseudonyms in releases (issue 9) are an HMAC of the person's id under a per-project secret
-- that lives only in the database: ids shown in the app (user ids in URLs, project ids in forms)
-- are not enough to link a pseudonym to a person. gen_random_uuid() draws from a strong random
-- source; two of them give 244 random bits. The key never changes (a release's pseudonyms must not).
ALTER TABLE "projects"
  ADD COLUMN "pseudonym_key" TEXT NOT NULL DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');

CREATE FUNCTION primum_pseudonym_key_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'primum: a project''s pseudonym key never changes: released rater ids depend on it' USING ERRCODE = 'P0403';
END $$;
CREATE TRIGGER projects_pseudonym_key_fixed BEFORE UPDATE OF "pseudonym_key" ON "projects"
  FOR EACH ROW WHEN (OLD."pseudonym_key" IS DISTINCT FROM NEW."pseudonym_key") EXECUTE FUNCTION primum_pseudonym_key_fixed();
