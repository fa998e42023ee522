-- A pending invitation or reset link cannot be redirected: apart from being used or withdrawn,
-- none of its columns change. Before this, a direct UPDATE could change which project an invitee
-- joins (project_id), the specialties they get, whose password a reset link sets (user_id) or who
-- issued it (created_by_id). The only changes left:
--   * revoked_at set (withdrawn),
--   * used_at set (used), and in that same update, for an INVITE whose user_id was still NULL,
--     user_id set to the account just created.
-- Once used or withdrawn, a row never changes again; rows are never deleted.
CREATE OR REPLACE FUNCTION primum_invitation_single_use() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'primum: invitations are kept for the audit history' USING ERRCODE = 'P0403';
  END IF;
  IF OLD.used_at IS NOT NULL OR OLD.revoked_at IS NOT NULL THEN
    RAISE EXCEPTION 'primum: this link was already used or revoked' USING ERRCODE = 'P0403';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.token_hash IS DISTINCT FROM OLD.token_hash OR NEW.email IS DISTINCT FROM OLD.email
     OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.role IS DISTINCT FROM OLD.role
     OR NEW.specialties IS DISTINCT FROM OLD.specialties OR NEW.project_id IS DISTINCT FROM OLD.project_id
     OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id
     OR NEW.expires_at IS DISTINCT FROM OLD.expires_at OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'primum: an invitation cannot be altered' USING ERRCODE = 'P0403';
  END IF;
  IF NEW.user_id IS DISTINCT FROM OLD.user_id
     AND NOT (OLD.kind = 'INVITE' AND OLD.user_id IS NULL AND NEW.used_at IS NOT NULL) THEN
    RAISE EXCEPTION 'primum: an invitation names its account only when it is used' USING ERRCODE = 'P0403';
  END IF;
  IF NEW.used_at IS NOT NULL AND OLD.expires_at <= now() THEN
    RAISE EXCEPTION 'primum: this link has expired' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
