-- Locking must not race with rating. A rating write now takes a share lock on its case row while it
-- checks `locked_at`, and lockRelease takes FOR UPDATE on the cases it freezes before reading their
-- ratings. So a rating committed during a lock is either seen by the lock (it waited for it) or
-- refused (it waited for the lock and then saw locked_at): gold scores always match the ratings.
CREATE OR REPLACE FUNCTION primum_case_is_locked(case_id text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  locked timestamp(3);
BEGIN
  SELECT c.locked_at INTO locked FROM "cases" c WHERE c.id = case_id FOR SHARE;
  RETURN locked IS NOT NULL;
END $$;
