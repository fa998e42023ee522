-- The audit page (issue 8): one view over every recorded change, audit events and rating history,
-- with the project each row belongs to, and indexes for newest-first keyset paging.
--
-- Columns: id (text, unique; 'event:' or 'rating:' + zero-padded number, so it orders within a
-- timestamp), at (UTC, timestamp without zone as stored), actor_id (NULL: nobody was named),
-- action, entity_type, entity_id, project_id (NULL for events outside any project, e.g. a user
-- created from the command line), old, new (jsonb; NULL when the row has none), data (the whole
-- event payload, or whose rating and which option for rating rows).

-- Each source is its own view so that a page can take the newest rows of each by its index and
-- merge them (one query); "audit_log" is their union for everything else.
CREATE VIEW "audit_log_events" AS
SELECT
  'event:' || lpad(e.id::text, 20, '0') AS id,
  e.created_at AS at,
  e.actor_id,
  e.action,
  e.entity_type,
  e.entity_id,
  COALESCE(
    CASE e.entity_type
      WHEN 'project' THEN e.entity_id
      WHEN 'release' THEN (SELECT r.project_id FROM releases r WHERE r.id = e.entity_id)
      WHEN 'case' THEN (SELECT c.project_id FROM cases c WHERE c.id = e.entity_id)
      WHEN 'assignment' THEN (SELECT c.project_id FROM assignments a JOIN cases c ON c.id = a.case_id WHERE a.id = e.entity_id)
      WHEN 'option' THEN (SELECT c.project_id FROM options o JOIN cases c ON c.id = o.case_id WHERE o.id = e.entity_id)
      WHEN 'adjudication' THEN (SELECT c.project_id FROM adjudications j JOIN options o ON o.id = j.option_id JOIN cases c ON c.id = o.case_id WHERE j.id = e.entity_id)
      WHEN 'invitation' THEN (SELECT i.project_id FROM invitations i WHERE i.id = e.entity_id)
    END,
    e.data->>'projectId'
  ) AS project_id,
  e.data->'old' AS old,
  e.data->'new' AS new,
  e.data AS data
FROM audit_events e;

CREATE VIEW "audit_log_ratings" AS
SELECT
  'rating:' || lpad(h.id::text, 20, '0') AS id,
  h.changed_at AS at,
  h.changed_by AS actor_id,
  CASE WHEN h.old_score IS NULL THEN 'rating.create' WHEN h.new_score IS NULL THEN 'rating.withdraw' ELSE 'rating.change' END AS action,
  'rating' AS entity_type,
  h.rating_id AS entity_id,
  c.project_id,
  to_jsonb(h.old_score) AS old,
  to_jsonb(h.new_score) AS new,
  jsonb_build_object('userId', h.user_id, 'optionId', h.option_id, 'caseId', c.id, 'case', c.external_id, 'option', o.number) AS data
FROM rating_history h
JOIN options o ON o.id = h.option_id
JOIN cases c ON c.id = o.case_id;

CREATE VIEW "audit_log" AS
SELECT * FROM "audit_log_events"
UNION ALL
SELECT * FROM "audit_log_ratings";

-- Newest first, page by page: both branches are read in (at, id) order.
CREATE INDEX "audit_events_created_at_id_idx" ON "audit_events" ("created_at" DESC, "id" DESC);
CREATE INDEX "rating_history_changed_at_id_idx" ON "rating_history" ("changed_at" DESC, "id" DESC);
-- Filters by actor on rating rows; events already have audit_events_actor_id_idx.
CREATE INDEX "rating_history_changed_by_idx" ON "rating_history" ("changed_by");
