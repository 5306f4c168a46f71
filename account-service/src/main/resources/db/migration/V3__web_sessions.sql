-- Sessions of the web pages. The cookie carries a random token; only its SHA-256 is stored, so a
-- copy of this table does not let anyone in. Each session has its own CSRF token (synchronizer
-- pattern: every form posts it back). `provider` names the login provider (an OIDC tenant).
CREATE TABLE account_session (
    token_hash bytea PRIMARY KEY,
    account_id integer NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    provider   varchar(64) NOT NULL,
    csrf_token varchar(64) NOT NULL,
    created    timestamp with time zone NOT NULL DEFAULT now(),
    expires    timestamp with time zone NOT NULL
);
CREATE INDEX account_session_account_id_idx ON account_session (account_id);
CREATE INDEX account_session_expires_idx ON account_session (expires);
