package io.holdfast.client.pg;

import java.util.List;
import java.util.Optional;

/**
 * How PostgreSQL snapshots are marked: tags, because every restic version keeps them through {@code copy}, {@code tag}
 * and {@code rewrite}. A base backup is tagged {@code pg-base}, {@code pg-system=ID} and {@code pg-wal-start=SEGMENT}
 * (the first WAL segment it needs); the WAL archive of a cluster is tagged {@code pg-wal}, {@code pg-system=ID} and
 * {@code pg-lsn=LSN} (everything up to that position is in it).
 */
final class PgTags {
    static final String BASE = "pg-base";
    static final String WAL = "pg-wal";
    static final String SYSTEM = "pg-system=";
    static final String WAL_START = "pg-wal-start=";
    static final String LSN = "pg-lsn=";

    private PgTags() {}

    static Optional<String> value(List<String> tags, String prefix) {
        return tags.stream()
                .filter(t -> t.startsWith(prefix))
                .map(t -> t.substring(prefix.length()))
                .findFirst();
    }

    static boolean isBaseOf(List<String> tags, String systemId) {
        return tags.contains(BASE) && tags.contains(SYSTEM + systemId);
    }

    static boolean isWalOf(List<String> tags, String systemId) {
        return tags.contains(WAL) && tags.contains(SYSTEM + systemId);
    }
}
