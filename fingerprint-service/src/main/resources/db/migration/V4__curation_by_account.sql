-- Logged-in users disable and enable MBID links from the track pages: each account's changes of the
-- last hour are counted on every change (a per-account limit), and the latest change of a link is
-- shown on the page.
CREATE INDEX track_mbid_change_account_created_idx ON track_mbid_change (account_id, created);
