package io.holdfast.client.pg;

import io.holdfast.engine.Snapshots;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The PostgreSQL snapshots of a repository: a cluster's base backups and its WAL archive. */
final class PgSnapshots {
    private PgSnapshots() {}

    static List<Snapshots.Ref> bases(List<Snapshots.Ref> all, String systemId) {
        return all.stream()
                .filter(r -> PgTags.isBaseOf(r.snapshot().tags(), systemId))
                .sorted(Comparator.comparing(r -> r.snapshot().time()))
                .toList();
    }

    /** The newest WAL archive snapshot of the cluster. */
    static Optional<Snapshots.Ref> wal(List<Snapshots.Ref> all, String systemId) {
        return all.stream()
                .filter(r -> PgTags.isWalOf(r.snapshot().tags(), systemId))
                .max(Comparator.comparing((Snapshots.Ref r) -> r.snapshot().time())
                        .thenComparing(r -> r.id().hex()));
    }

    /**
     * The first WAL segment number any of the cluster's base backups needs (its start); -1 when there is no base
     * backup, so that nothing is dropped.
     */
    static long keepFrom(List<Snapshots.Ref> all, String systemId, long segmentSize) {
        return bases(all, systemId).stream()
                .map(r -> PgTags.value(r.snapshot().tags(), PgTags.WAL_START))
                .flatMap(Optional::stream)
                .filter(WalNames::isSegment)
                .mapToLong(s -> WalNames.number(s, segmentSize))
                .min()
                .orElse(-1);
    }

    /** The system ids that have base backups in the repository. */
    static List<String> systems(List<Snapshots.Ref> all) {
        return all.stream()
                .filter(r -> r.snapshot().tags().contains(PgTags.BASE))
                .map(r -> PgTags.value(r.snapshot().tags(), PgTags.SYSTEM))
                .flatMap(Optional::stream)
                .distinct()
                .toList();
    }
}
