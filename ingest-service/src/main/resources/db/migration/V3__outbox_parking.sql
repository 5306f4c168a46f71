-- A submission the relay cannot publish (its event refused by the broker, a row it cannot read) is
-- tried a bounded number of times and then parked with the reason, so the rows behind it flow on.
-- A broker outage is never counted as a try. Operators list parked rows at /internal/backlog and
-- replay them (parked and attempts reset) once the cause is fixed.
ALTER TABLE pending_submission
    ADD COLUMN attempts   smallint NOT NULL DEFAULT 0,
    ADD COLUMN last_error text,
    ADD COLUMN parked     timestamp with time zone;
-- the relay's scan keeps the data model's index (WHERE sent IS NULL): parked rows are few, filtered on it
CREATE INDEX pending_submission_parked_idx ON pending_submission (id) WHERE parked IS NOT NULL;
