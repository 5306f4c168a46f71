-- Login links that a person can read and manage on the profile page.
-- * Each link keeps who the provider said it was (the ID token's name and email, refreshed at every
--   login through it) and, for OpenID Connect links, the login provider (OIDC tenant) it came
--   through, so the profile names "Songprint login: Alice Archer", not an issuer URL.
-- * A second login is linked to an account only when its owner confirms it with a form post. Until
--   then the provider's identity waits here, server-side, tied to the session that asked (it dies
--   with that session) and for a few minutes only; the form carries a nonce naming which one.
ALTER TABLE account_openid
    ADD COLUMN provider     varchar(64),
    ADD COLUMN display_name varchar(255),
    ADD COLUMN email        varchar(255);

ALTER TABLE account_google
    ADD COLUMN display_name varchar(255),
    ADD COLUMN email        varchar(255),
    ADD COLUMN created      timestamp with time zone NOT NULL DEFAULT now();

-- an account with one link was named by that link's first login
UPDATE account_openid o SET display_name = a.name
FROM account a
WHERE a.id = o.account_id
  AND (SELECT count(*) FROM account_openid x WHERE x.account_id = o.account_id)
    + (SELECT count(*) FROM account_google g WHERE g.account_id = o.account_id) = 1;
UPDATE account_google g SET display_name = a.name
FROM account a
WHERE a.id = g.account_id
  AND (SELECT count(*) FROM account_openid o WHERE o.account_id = g.account_id)
    + (SELECT count(*) FROM account_google x WHERE x.account_id = g.account_id) = 1;

CREATE TABLE account_link_pending (
    session_token_hash bytea PRIMARY KEY REFERENCES account_session (token_hash) ON DELETE CASCADE,
    account_id         integer NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    nonce              varchar(64) NOT NULL,
    provider           varchar(64) NOT NULL,
    kind               varchar(16) NOT NULL,
    issuer             varchar(255) NOT NULL,
    subject            varchar(255) NOT NULL,
    display_name       varchar(255),
    email              varchar(255),
    expires            timestamp with time zone NOT NULL
);
CREATE INDEX account_link_pending_account_id_idx ON account_link_pending (account_id);
