-- The API key outbox. Every change of a key's state (a new, regenerated, deactivated or deleted key)
-- is noted here by triggers, in the same transaction as the change itself, so what the compacted
-- `applications` topic must learn survives a crash of every account-service replica and any Kafka
-- outage; a change made by hand in SQL is noted the same way. ApiKeyPublisher sends each noted key's
-- current state (a tombstone when the key no longer exists) and deletes the rows it has sent.
CREATE TABLE api_key_change (
    id      bigserial PRIMARY KEY,
    apikey  varchar(40) NOT NULL,
    noted   timestamp with time zone NOT NULL DEFAULT clock_timestamp()
);

CREATE FUNCTION note_api_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO api_key_change (apikey) VALUES (OLD.apikey);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.apikey IS DISTINCT FROM OLD.apikey) THEN
        INSERT INTO api_key_change (apikey) VALUES (NEW.apikey);
    END IF;
    RETURN NULL;
END;
$$;

-- only the columns a key's published state is made of
CREATE TRIGGER application_api_key_change
    AFTER INSERT OR DELETE OR UPDATE OF apikey, active, rate_limit, account_id ON application
    FOR EACH ROW EXECUTE FUNCTION note_api_key_change();

CREATE TRIGGER account_api_key_change
    AFTER INSERT OR DELETE OR UPDATE OF apikey ON account
    FOR EACH ROW EXECUTE FUNCTION note_api_key_change();

-- Every key that exists when this migration runs is published once (the publisher before this
-- outbox kept what it had sent in memory only).
INSERT INTO api_key_change (apikey)
    SELECT apikey FROM application UNION ALL SELECT apikey FROM account;
