-- The gold label of each released option (zone, severity and its side) as the lock computed it under
-- the release's rule, so that a release page compares two versions from these rows alone instead of
-- re-reading every rating of both (issue 9). NULL for releases locked before, and for options without gold.
ALTER TABLE "release_items"
  ADD COLUMN "zone" TEXT,
  ADD COLUMN "severity" TEXT,
  ADD COLUMN "harm_side" TEXT,
  ADD CONSTRAINT "release_items_zone_known" CHECK ("zone" IS NULL OR "zone" IN ('harm', 'uncertain', 'appropriate')),
  ADD CONSTRAINT "release_items_severity_known" CHECK ("severity" IS NULL OR "severity" IN ('severe', 'moderate', 'mild')),
  ADD CONSTRAINT "release_items_harm_side_known" CHECK ("harm_side" IS NULL OR "harm_side" IN ('commission', 'omission'));
