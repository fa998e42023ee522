-- Sessions end on the server. Every session token carries the user's session version from sign-in;
-- signing out and deactivation raise it, so a copied cookie stops working at its next request.
ALTER TABLE "users" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 1;

-- The save endpoint's one round trip, with the session check in it: a save from a token whose
-- session has ended is answered like one from an inactive user.
CREATE FUNCTION primum_save_rating_in_session(
  p_user_id text, p_session_version integer, p_option_id text, p_score integer, p_client_id uuid, p_given_at timestamptz, p_active_ms integer
) RETURNS TABLE (outcome text, score integer, rated integer, total integer, status text, submitted boolean)
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "users" u WHERE u.id = p_user_id AND u.session_version = p_session_version) THEN
    RETURN QUERY SELECT 'inactive'::text, NULL::integer, 0, 0, NULL::text, false;
    RETURN;
  END IF;
  RETURN QUERY SELECT * FROM primum_save_rating(p_user_id, p_option_id, p_score, p_client_id, p_given_at, p_active_ms);
END $$;
