-- Adjudication guards (issue 8, round 2): the self-adjudication ban works both ways. The trigger
-- `adjudications_not_by_rater` stops a rater from adjudicating an option; `ratings_not_by_adjudicator`
-- stops the adjudicator of an option from rating it afterwards (an adjudicator whose role later
-- becomes PHYSICIAN and who is assigned the case, or any direct write). Ratings cannot move to
-- another option or physician (trigger `ratings_fixed_owner`), so checking inserts is enough.
--
-- Both checks first take the option's row (FOR NO KEY UPDATE: foreign-key checks, which take KEY
-- SHARE, are not blocked), so a rating and an adjudication of the same option by the same person
-- written at the same moment cannot both pass: the second waits, then its check (a new statement,
-- a new snapshot) sees the first. The lock triggers (`*_locked`, which share-lock the case) fire
-- before these by name, so every path takes the case before the option.
CREATE FUNCTION primum_refuse_rating_by_adjudicator() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "options" o WHERE o.id = NEW.option_id FOR NO KEY UPDATE;
  IF EXISTS (SELECT 1 FROM "adjudications" a WHERE a.option_id = NEW.option_id AND a.adjudicator_id = NEW.user_id) THEN
    RAISE EXCEPTION 'primum: rating-by-adjudicator: the adjudicator of this option cannot rate it' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER ratings_not_by_adjudicator BEFORE INSERT ON "ratings"
  FOR EACH ROW EXECUTE FUNCTION primum_refuse_rating_by_adjudicator();

CREATE OR REPLACE FUNCTION primum_refuse_self_adjudication() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "options" o WHERE o.id = NEW.option_id FOR NO KEY UPDATE;
  IF EXISTS (SELECT 1 FROM "rating_history" h WHERE h.option_id = NEW.option_id AND h.user_id = NEW.adjudicator_id)
     OR EXISTS (SELECT 1 FROM "ratings" r WHERE r.option_id = NEW.option_id AND r.user_id = NEW.adjudicator_id) THEN
    RAISE EXCEPTION 'primum: self-adjudication: a rater of this option cannot adjudicate it' USING ERRCODE = 'P0403';
  END IF;
  RETURN NEW;
END $$;
