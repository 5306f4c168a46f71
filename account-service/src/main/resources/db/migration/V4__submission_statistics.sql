-- Submission statistics come from the `submissions` topic (one event per accepted submission, with
-- the submitting account). Each submission id is recorded with its account and time in the same
-- transaction that adds it to account.submission_count, so a redelivered event counts nothing twice.
-- The rows also feed stats_top_accounts (submissions per account over the last 5 days, as AcoustID
-- shows its top contributors); rows older than a week are deleted by the service.
CREATE TABLE stats_submission_event (
    submission_id bigint PRIMARY KEY,
    account_id    integer NOT NULL,
    submitted     timestamp with time zone NOT NULL,
    received      timestamp with time zone NOT NULL DEFAULT now()
);
CREATE INDEX stats_submission_event_submitted_idx ON stats_submission_event (submitted);
CREATE INDEX stats_submission_event_received_idx ON stats_submission_event (received);
