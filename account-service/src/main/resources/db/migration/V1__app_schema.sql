-- acoustid_app: accounts, their applications (API keys), login links and statistics.
--
-- Names follow AcoustID's data model (test-support/src/main/resources/datamodel/
-- acoustid-data-model.md, checked by SchemaConformance). Where the model is vague, this file decides:
--
-- * account.application_id <-> application.account_id are circular: account is created first,
--   application references it, and account's FK is added afterwards with ALTER TABLE.
-- * ON DELETE: an application belongs to its account (CASCADE); an account's "default
--   application" is only a preference (SET NULL). Login links and statistics belong to their
--   account or application (CASCADE).
-- * application.account_id is NOT NULL (every application has an owner); the other link
--   columns that a row cannot exist without (account_openid.account_id, stats_*.application_id,
--   stats_top_accounts.account_id) are NOT NULL too.
-- * stats: the model marks `name` UNIQUE but also has stats_name_date_key UNIQUE (name, date).
--   A stat has one row per day, so a unique name would allow a single day ever: only
--   (name, date) is unique.
-- * account_openid keeps the model's `openid` primary key (a stable string, e.g. issuer + "#" +
--   subject) and adds the OpenID Connect identity it came from: (issuer, subject) is unique,
--   because OIDC only guarantees `sub` to be unique per issuer.
-- * Timestamps are timestamptz; every "created" is NOT NULL DEFAULT now(); stats_lookups.hour
--   is the start of the hour as an instant.
-- * CHECKs: counts are >= 0 (submission_count, count_hits, count_misses, count, stats.value);
--   a custom rate_limit is > 0 (NULL = the default limit).
-- * Nothing is seeded: the service creates accounts and applications through its API.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE account (
    id                  serial PRIMARY KEY,
    name                varchar(255) NOT NULL,
    apikey              varchar(40) NOT NULL CONSTRAINT account_apikey_key UNIQUE,
    mbuser              varchar(64) CONSTRAINT account_mbuser_key UNIQUE,
    created             timestamp with time zone NOT NULL DEFAULT now(),
    lastlogin           timestamp with time zone,
    submission_count    integer NOT NULL DEFAULT 0
        CONSTRAINT account_submission_count_check CHECK (submission_count >= 0),
    -- FK added below, once application exists
    application_id      integer,
    application_version varchar(255),
    created_from        inet,
    is_admin            boolean NOT NULL DEFAULT false
);

CREATE TABLE application (
    id         serial PRIMARY KEY,
    name       varchar(255) NOT NULL,
    version    varchar(255),
    apikey     varchar(40) NOT NULL CONSTRAINT application_apikey_key UNIQUE,
    created    timestamp with time zone NOT NULL DEFAULT now(),
    active     boolean NOT NULL DEFAULT true,
    account_id integer NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    email      varchar(255),
    website    varchar(1000),
    -- requests per second; NULL = the configured default
    rate_limit integer CONSTRAINT application_rate_limit_check CHECK (rate_limit > 0)
);
CREATE INDEX application_account_id_idx ON application (account_id);

ALTER TABLE account
    ADD CONSTRAINT account_application_id_fkey
    FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE SET NULL;

CREATE TABLE account_openid (
    openid     varchar(255) PRIMARY KEY,
    account_id integer NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    issuer     varchar(255) NOT NULL,
    subject    varchar(255) NOT NULL,
    created    timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT account_openid_issuer_subject_key UNIQUE (issuer, subject)
);
CREATE INDEX account_openid_account_id_idx ON account_openid (account_id);

CREATE TABLE account_google (
    google_user_id varchar(255) PRIMARY KEY,
    account_id     integer NOT NULL REFERENCES account (id) ON DELETE CASCADE
);
CREATE INDEX account_google_account_id_idx ON account_google (account_id);

CREATE TABLE stats (
    id    serial PRIMARY KEY,
    name  varchar(255) NOT NULL,
    value integer NOT NULL CONSTRAINT stats_value_check CHECK (value >= 0),
    date  date NOT NULL DEFAULT current_date,
    CONSTRAINT stats_name_date_key UNIQUE (name, date)
);

CREATE TABLE stats_lookups (
    id             serial PRIMARY KEY,
    hour           timestamp with time zone NOT NULL,
    application_id integer NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    count_hits     integer NOT NULL DEFAULT 0
        CONSTRAINT stats_lookups_count_hits_check CHECK (count_hits >= 0),
    count_misses   integer NOT NULL DEFAULT 0
        CONSTRAINT stats_lookups_count_misses_check CHECK (count_misses >= 0),
    CONSTRAINT stats_lookups_hour_application_id_key UNIQUE (hour, application_id)
);
-- per-application history (the account pages); the unique key leads with hour
CREATE INDEX stats_lookups_application_id_hour_idx ON stats_lookups (application_id, hour);

CREATE TABLE stats_user_agents (
    id             serial PRIMARY KEY,
    date           date NOT NULL,
    application_id integer NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    user_agent     varchar(1000) NOT NULL,
    ip             inet NOT NULL,
    count          integer NOT NULL DEFAULT 0
        CONSTRAINT stats_user_agents_count_check CHECK (count >= 0),
    CONSTRAINT stats_user_agents_date_application_id_user_agent_ip_key
        UNIQUE (date, application_id, user_agent, ip)
);

CREATE TABLE stats_top_accounts (
    id         serial PRIMARY KEY,
    account_id integer NOT NULL CONSTRAINT stats_top_accounts_account_id_key UNIQUE
        REFERENCES account (id) ON DELETE CASCADE,
    count      integer NOT NULL CONSTRAINT stats_top_accounts_count_check CHECK (count >= 0)
);
