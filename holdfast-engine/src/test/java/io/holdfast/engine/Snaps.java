package io.holdfast.engine;

import io.holdfast.format.Id;
import io.holdfast.format.snapshot.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

/** Snapshot references for policy tests; ids derive from a number so tests are reproducible. */
final class Snaps {
    static final Id TREE = Id.hash("tree".getBytes(StandardCharsets.UTF_8));

    private Snaps() {}

    static Id id(int n) {
        return Id.hash(("snapshot " + n).getBytes(StandardCharsets.UTF_8));
    }

    static Snapshots.Ref ref(int n, String time, String... tags) {
        return ref(n, OffsetDateTime.parse(time), "host", List.of("/data"), List.of(tags));
    }

    static Snapshots.Ref ref(int n, OffsetDateTime time, String host, List<String> paths, List<String> tags) {
        Snapshot s = Snapshot.builder()
                .time(time)
                .tree(TREE)
                .hostname(host)
                .paths(paths)
                .tags(tags)
                .build();
        return new Snapshots.Ref(id(n), s);
    }
}
