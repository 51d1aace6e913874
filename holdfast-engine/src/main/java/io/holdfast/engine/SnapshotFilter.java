package io.holdfast.engine;

import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Selects snapshots as restic's {@code --host}, {@code --tag} and {@code --path} options do: a snapshot matches if its
 * host is one of {@code hosts}, it has all tags of at least one of {@code tagLists}, and it has every one of
 * {@code paths}; an empty list matches everything.
 *
 * @param hosts host names, any of which matches
 * @param tagLists lists of tags; a snapshot matches a list when it has all its tags (a list holding the empty tag
 *     matches snapshots without tags)
 * @param paths paths the snapshot must all have, compared as strings
 */
public record SnapshotFilter(List<String> hosts, List<List<String>> tagLists, List<String> paths) {
    /** Matches every snapshot. */
    public static final SnapshotFilter ALL = new SnapshotFilter(List.of(), List.of(), List.of());

    public SnapshotFilter {
        hosts = List.copyOf(hosts);
        tagLists = tagLists.stream().map(List::copyOf).toList();
        paths = List.copyOf(paths);
    }

    /** Splits a {@code --tag} or {@code --keep-tag} value {@code a,b} into its tags, trimming white space. */
    public static List<String> tagList(String value) {
        List<String> tags = new ArrayList<>();
        for (String t : value.split(",", -1)) {
            tags.add(t.strip());
        }
        return tags;
    }

    /** Whether {@code s} passes the filter. */
    public boolean matches(Snapshot s) {
        if (!hosts.isEmpty() && !hosts.contains(s.hostname())) {
            return false;
        }
        if (!tagLists.isEmpty() && tagLists.stream().noneMatch(l -> hasTags(s, l))) {
            return false;
        }
        return s.paths().containsAll(paths);
    }

    /**
     * Whether {@code s} has all of {@code tags}, as restic's {@code HasTags}: an empty tag stands for "no tags at all"
     * and, reached while checking, decides the answer at once.
     */
    public static boolean hasTags(Snapshot s, List<String> tags) {
        for (String tag : tags) {
            if (tag.isEmpty() && s.tags().isEmpty()) {
                return true;
            }
            if (!s.tags().contains(tag)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The snapshots {@code specs} name, in the order given and without repeats: ids or id prefixes, and {@code latest},
     * the newest snapshot that passes this filter. Without specs, every snapshot that passes, oldest first.
     *
     * @throws IllegalArgumentException if a spec matches no snapshot or several
     */
    public List<Snapshots.Ref> select(Repository repo, List<String> specs) throws IOException {
        if (specs.isEmpty()) {
            return Snapshots.all(repo).stream()
                    .filter(r -> matches(r.snapshot()))
                    .toList();
        }
        List<Snapshots.Ref> all = null; // only 'latest' needs every snapshot (an id names one file, damaged or not)
        Map<io.holdfast.format.Id, Snapshots.Ref> picked = new LinkedHashMap<>();
        for (String spec : specs) {
            Snapshots.Ref ref;
            if (spec.equals("latest")) {
                if (all == null) {
                    all = Snapshots.all(repo);
                }
                ref = null;
                for (Snapshots.Ref r : all) {
                    if (matches(r.snapshot())) {
                        ref = r;
                    }
                }
                if (ref == null) {
                    throw new IllegalArgumentException(noLatest(all.isEmpty()));
                }
            } else {
                ref = Snapshots.find(repo, spec, null, List.of());
            }
            picked.putIfAbsent(ref.id(), ref);
        }
        return List.copyOf(picked.values());
    }

    private String noLatest(boolean noSnapshots) {
        if (noSnapshots) {
            return "no snapshot found: the repository has no snapshots yet";
        }
        List<String> given = new ArrayList<>();
        if (!hosts.isEmpty()) {
            given.add("host " + String.join(" or ", hosts));
        }
        if (!tagLists.isEmpty()) {
            given.add("tags "
                    + String.join(
                            " or ",
                            tagLists.stream().map(l -> String.join(",", l)).toList()));
        }
        if (!paths.isEmpty()) {
            given.add("paths " + String.join(", ", paths));
        }
        return "no snapshot found for 'latest' with " + String.join(" and ", given) + "; see 'holdfast snapshots'";
    }
}
