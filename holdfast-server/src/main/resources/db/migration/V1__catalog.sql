-- The manager's catalog (docs/server.md). One migration set for SQLite and PostgreSQL: portable types only
-- (TEXT, BIGINT, INTEGER), identifiers made by the application, times as epoch milliseconds, JSON as TEXT.

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);

CREATE TABLE targets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    location TEXT NOT NULL,
    secrets TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE assets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    spec TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE policies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,
    paused INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- When each stage of each policy fires next; claimed by a conditional update so that a run fires once.
CREATE TABLE schedules (
    policy_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    next_at BIGINT NOT NULL,
    last_at BIGINT,
    PRIMARY KEY (policy_id, stage)
);

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    policy_id TEXT,
    stage TEXT,
    asset_id TEXT,
    target_id TEXT,
    spec TEXT NOT NULL,
    state TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    not_before BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    heartbeat_at BIGINT,
    node TEXT,
    progress TEXT,
    result TEXT,
    error TEXT,
    requested_by TEXT NOT NULL,
    cancel_requested INTEGER NOT NULL,
    retry_of TEXT
);
CREATE INDEX jobs_by_state ON jobs (state, not_before);
CREATE INDEX jobs_by_created ON jobs (created_at);
CREATE INDEX jobs_by_policy ON jobs (policy_id, created_at);

CREATE TABLE job_logs (
    job_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at BIGINT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- Snapshots across targets, whoever made them (this server, the CLI, restic), kept in sync with the repositories.
CREATE TABLE copies (
    target_id TEXT NOT NULL,
    snapshot_id TEXT NOT NULL,
    time BIGINT NOT NULL,
    hostname TEXT NOT NULL,
    paths TEXT NOT NULL,
    tags TEXT NOT NULL,
    asset_id TEXT,
    tree TEXT NOT NULL,
    program TEXT NOT NULL,
    summary TEXT,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (target_id, snapshot_id)
);
CREATE INDEX copies_by_asset ON copies (asset_id, time);

-- The audit trail: each row's hash covers its fields and the previous row's hash.
CREATE TABLE audit (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    raised_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    ack_at BIGINT,
    ack_by TEXT,
    ack_note TEXT
);
CREATE INDEX alerts_by_state ON alerts (state, raised_at);
