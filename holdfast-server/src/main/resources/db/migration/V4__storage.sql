-- Storage over time, for the dashboard's chart: one sample per target after each file-index update. logical_bytes is
-- what the copies would take as plain full copies (every copy's file sizes added up), raw_bytes the distinct blobs
-- they reference before compression (after deduplication), stored_bytes the same blobs as stored (compressed).
CREATE TABLE storage_samples (
    target_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    copies INTEGER NOT NULL,
    logical_bytes BIGINT NOT NULL,
    raw_bytes BIGINT NOT NULL,
    stored_bytes BIGINT NOT NULL,
    PRIMARY KEY (target_id, at)
);

-- The bytes of each indexed copy's files (its logical size), summed into logical_bytes.
ALTER TABLE indexed_copies ADD COLUMN bytes BIGINT NOT NULL DEFAULT 0;
