-- Adjudication (issue 8): someone who rated an option can never adjudicate it, whatever path the
-- write takes. "Rated" means any row in the option's rating history for that person, so a rating
-- that was later withdrawn still counts.
CREATE FUNCTION primum_refuse_self_adjudication() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "rating_history" h WHERE h.option_id = NEW.option_id AND h.user_id = NEW.adjudicator_id)
     OR EXISTS (SELECT 1 FROM "ratings" r WHERE r.option_id = NEW.option_id AND r.user_id = NEW.adjudicator_id) THEN
    RAISE EXCEPTION 'primum: self-adjudication: a rater of this option cannot adjudicate it' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER adjudications_not_by_rater BEFORE INSERT OR UPDATE ON "adjudications"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_self_adjudication();

-- The queue and the physician's rating screen look replies up by option and by addressee together.
CREATE INDEX "option_replies_option_id_to_user_id_idx" ON "option_replies"("option_id", "to_user_id");
