-- Webhooks that alerts are delivered to (JSON, HMAC-SHA256-signed with the webhook's secret, sealed under the master key).
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX alerts_by_subject ON alerts (kind, subject, state);
