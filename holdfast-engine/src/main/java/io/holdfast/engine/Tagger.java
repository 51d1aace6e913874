package io.holdfast.engine;

import io.holdfast.format.Id;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changes snapshots' tags as restic's {@code tag} does: each changed snapshot is written again with the new tags and
 * {@code original} naming the first snapshot it came from, then the old file is removed. Plan first: a snapshot under
 * a legal hold cannot change (its new id would leave the hold behind), so if any is held nothing is written; nor can
 * any in a repository under Object Lock (the old file could not be removed).
 */
public final class Tagger {
    /** What to do: replace the tags ({@code set}), or add and remove some. */
    public record Change(List<String> set, List<String> add, List<String> remove) {
        public Change {
            set = List.copyOf(set);
            add = List.copyOf(add);
            remove = List.copyOf(remove);
        }

        public boolean empty() {
            return set.isEmpty() && add.isEmpty() && remove.isEmpty();
        }

        /** The tags {@code tags} become: {@code set} replaces them; else {@code add} is appended, {@code remove} removed. */
        public List<String> apply(List<String> tags) {
            Set<String> out = new LinkedHashSet<>(set.isEmpty() ? tags : set);
            out.addAll(add);
            out.removeAll(remove);
            return List.copyOf(out);
        }
    }

    /** One snapshot changed: its old and new id. */
    public record Retagged(Id from, Id to) {}

    private Tagger() {}

    /** Rejects a change that does nothing, or that both sets and adds or removes tags. */
    public static void check(Change change) {
        if (change.empty()) {
            throw new IllegalArgumentException("nothing to do: give --set, --add or --remove");
        }
        if (!change.set().isEmpty()
                && !(change.add().isEmpty() && change.remove().isEmpty())) {
            throw new IllegalArgumentException("--set and --add/--remove cannot be given at the same time");
        }
    }

    /** Applies {@code change} to {@code refs}; returns the snapshots whose tags changed, in the order of {@code refs}. */
    public static List<Retagged> run(Repository repo, List<Snapshots.Ref> refs, Change change) throws IOException {
        check(change);
        if (repo.retentionRule() != null) {
            throw new IllegalStateException("this repository keeps its files under Object Lock, so a snapshot cannot be"
                    + " written again with other tags; add tags at backup time (--tag) instead");
        }
        Map<Id, io.holdfast.engine.retention.Holds.Event> held = io.holdfast.engine.retention.Holds.current(repo);
        List<Snapshots.Ref> changing = new ArrayList<>();
        for (Snapshots.Ref r : refs) {
            if (!change.apply(r.snapshot().tags()).equals(r.snapshot().tags())) {
                if (held.containsKey(r.id())) {
                    throw new IllegalStateException("snapshot " + r.id().shortHex() + " is under a legal hold ("
                            + held.get(r.id()).reason() + "): its tags cannot change, as that gives it a new id;"
                            + " nothing was changed");
                }
                changing.add(r);
            }
        }
        List<Retagged> done = new ArrayList<>();
        for (Snapshots.Ref r : changing) {
            Snapshot s = r.snapshot();
            Snapshot changed = s.toBuilder()
                    .tags(change.apply(s.tags()))
                    .original(s.original() != null ? s.original() : r.id())
                    .build();
            Id to = repo.saveJson(FileType.SNAPSHOT, changed.toJson());
            try {
                repo.backend().remove(new Handle(FileType.SNAPSHOT, r.id().hex()));
            } catch (IOException e) {
                // the old file cannot go (Object Lock keeps it): take the new one back, so no snapshot is doubled
                repo.backend().remove(new Handle(FileType.SNAPSHOT, to.hex()));
                throw new IOException(
                        "snapshot " + r.id().shortHex() + " cannot be replaced (" + e.getMessage() + "); its tags are"
                                + " unchanged"
                                + (done.isEmpty() ? "" : ", " + done.size() + " snapshots before it were" + " changed"),
                        e);
            }
            done.add(new Retagged(r.id(), to));
        }
        return done;
    }
}
