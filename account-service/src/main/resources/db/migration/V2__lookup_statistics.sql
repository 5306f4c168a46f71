-- Lookup statistics are aggregated from the `lookups` topic. Kafka may deliver an event again (after
-- a restart before the offset commit); each event id is recorded in the same transaction as the
-- counts it adds, so a redelivered event adds nothing. Ids older than a week are deleted by the
-- service (a redelivery comes within minutes, not weeks).
CREATE TABLE stats_lookup_event (
    event_id uuid PRIMARY KEY,
    received timestamp with time zone NOT NULL DEFAULT now()
);
CREATE INDEX stats_lookup_event_received_idx ON stats_lookup_event (received);
