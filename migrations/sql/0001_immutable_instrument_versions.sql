-- Published questionnaire versions are immutable: a change is a new version (style.md, practice 7).
CREATE OR REPLACE FUNCTION refuse_instrument_version_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'instrument version % is published and cannot be changed or deleted; publish a new version', OLD.id;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER instrument_versions_immutable
  BEFORE UPDATE OR DELETE ON instrument_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_instrument_version_change();
