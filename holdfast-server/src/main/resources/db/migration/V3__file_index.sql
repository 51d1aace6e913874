-- The file index for catalog search: every path once (file_paths), every copy once (indexed_copies), and one small
-- row per file version (file_versions: a path in a copy). On SQLite the version table has no rowid: its primary key
-- is the row, which keeps a version near 30 bytes.
CREATE TABLE file_paths (
    id BIGINT PRIMARY KEY,
    path TEXT NOT NULL,
    lname TEXT NOT NULL
);
CREATE UNIQUE INDEX file_paths_by_path ON file_paths (path);

CREATE TABLE indexed_copies (
    no BIGINT PRIMARY KEY,
    target_id TEXT NOT NULL,
    snapshot_id TEXT NOT NULL,
    time BIGINT NOT NULL,
    removed INTEGER NOT NULL
);
CREATE UNIQUE INDEX indexed_copies_by_snapshot ON indexed_copies (target_id, snapshot_id);

CREATE TABLE file_versions (
    path_id BIGINT NOT NULL,
    copy_no BIGINT NOT NULL,
    size BIGINT NOT NULL,
    mtime BIGINT NOT NULL,
    PRIMARY KEY (path_id, copy_no)
) ${without_rowid};
