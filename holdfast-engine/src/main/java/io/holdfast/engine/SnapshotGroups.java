package io.holdfast.engine;

import io.holdfast.format.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Groups snapshots as restic's {@code --group-by host,paths,tags} does, for {@code forget}. */
public final class SnapshotGroups {
    private SnapshotGroups() {}

    /**
     * Which snapshot fields make up a group's key.
     *
     * @param host group by host name
     * @param paths group by the set of backed-up paths
     * @param tags group by the set of tags
     */
    public record GroupBy(boolean host, boolean paths, boolean tags) {
        /** restic's default, {@code host,paths}. */
        public static final GroupBy DEFAULT = new GroupBy(true, true, false);

        /**
         * Parses a comma-separated list of {@code host}, {@code paths} and {@code tags} (or {@code hosts},
         * {@code path}, {@code tag}); empty items are ignored, so {@code ""} puts all snapshots in one group.
         *
         * @throws IllegalArgumentException for any other item
         */
        public static GroupBy parse(String spec) {
            boolean host = false;
            boolean paths = false;
            boolean tags = false;
            for (String option : spec.split(",", -1)) {
                switch (option) {
                    case "host", "hosts" -> host = true;
                    case "path", "paths" -> paths = true;
                    case "tag", "tags" -> tags = true;
                    case "" -> {}
                    default -> throw new IllegalArgumentException("unknown grouping option: '" + option + "'");
                }
            }
            return new GroupBy(host, paths, tags);
        }

        /** The key of {@code s}'s group. */
        public Key key(Snapshot s) {
            return new Key(
                    host ? s.hostname() : "",
                    paths ? sortedOrNull(s.paths()) : null,
                    tags ? sortedOrNull(s.tags()) : null);
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            if (host) {
                parts.add("host");
            }
            if (paths) {
                parts.add("paths");
            }
            if (tags) {
                parts.add("tags");
            }
            return String.join(",", parts);
        }
    }

    /**
     * A group's key. As in restic, a field the grouping does not use is empty (host) or null (paths, tags), and so
     * is a used list that is empty.
     *
     * @param hostname the host, or empty
     * @param paths the sorted paths, or null
     * @param tags the sorted tags, or null
     */
    public record Key(
            String hostname,
            @Nullable List<String> paths,
            @Nullable List<String> tags) {
        public Key {
            paths = paths == null ? null : List.copyOf(paths);
            tags = tags == null ? null : List.copyOf(tags);
        }

        /** restic's heading for the group, e.g. {@code snapshots for (host [h], paths [/a, /b]):}; empty if none. */
        public String heading() {
            List<String> info = new ArrayList<>();
            if (!hostname.isEmpty()) {
                info.add("host [" + hostname + "]");
            }
            if (tags != null) {
                info.add("tags [" + String.join(", ", tags) + "]");
            }
            if (paths != null) {
                info.add("paths [" + String.join(", ", paths) + "]");
            }
            return info.isEmpty() ? "" : "snapshots for (" + String.join(", ", info) + "):";
        }
    }

    /** Orders keys by host, then paths, then tags (null before any list), so output is stable. */
    public static final Comparator<Key> ORDER = Comparator.comparing(Key::hostname)
            .thenComparing(Key::paths, Comparator.nullsFirst(SnapshotGroups::compareLists))
            .thenComparing(Key::tags, Comparator.nullsFirst(SnapshotGroups::compareLists));

    /** Splits {@code snapshots} into groups, in {@link #ORDER}; each group keeps the order of the input. */
    public static Map<Key, List<Snapshots.Ref>> group(List<Snapshots.Ref> snapshots, GroupBy by) {
        Map<Key, List<Snapshots.Ref>> groups = new TreeMap<>(ORDER);
        for (Snapshots.Ref r : snapshots) {
            groups.computeIfAbsent(by.key(r.snapshot()), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    private static @Nullable List<String> sortedOrNull(List<String> l) {
        if (l.isEmpty()) {
            return null;
        }
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }

    private static int compareLists(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
