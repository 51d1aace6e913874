package io.holdfast.engine;

import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.Repository;
import io.holdfast.storage.FileType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/** Listing and finding snapshots: by id prefix, {@code latest}, or as the parent of a new backup. */
public final class Snapshots {
    private Snapshots() {}

    /** A snapshot with its id. */
    public record Ref(Id id, Snapshot snapshot) {}

    /** All snapshots, oldest first. */
    public static List<Ref> all(Repository repo) throws IOException {
        return load(repo, false);
    }

    /** All snapshots, oldest first; with {@code skipDamaged}, snapshot files that fail their checks are left out. */
    private static List<Ref> load(Repository repo, boolean skipDamaged) throws IOException {
        List<Id> ids = repo.list(FileType.SNAPSHOT);
        List<Future<Ref>> futures = new ArrayList<>();
        for (Id id : ids) {
            futures.add(repo.workers()
                    .submit(() -> new Ref(
                            id, Snapshot.parse(repo.loadJson(FileType.SNAPSHOT, id), "snapshots/" + id.hex()))));
        }
        List<Ref> out = new ArrayList<>();
        for (Future<Ref> f : futures) {
            try {
                out.add(Executors2.await(f));
            } catch (CorruptDataException e) {
                if (!skipDamaged) {
                    throw e;
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // removed between the listing and the read (a forget, or a WAL archive replacing its previous
                // version, in another process): it is gone, as if listed a moment later
            }
        }
        out.sort(Comparator.comparing((Ref r) -> r.snapshot().time()).thenComparing(Ref::id));
        return out;
    }

    /**
     * Finds one snapshot: {@code latest} (optionally restricted to a host and paths), or a unique id prefix.
     *
     * @throws IllegalArgumentException if none or several match
     */
    public static Ref find(Repository repo, String spec, @Nullable String host, List<String> paths) throws IOException {
        if (spec.equals("latest")) {
            List<Ref> all = all(repo);
            for (int i = all.size() - 1; i >= 0; i--) {
                Ref r = all.get(i);
                if (matches(r.snapshot(), host, paths)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("no snapshot found" + (host != null ? " for host " + host : ""));
        }
        if (spec.isEmpty() || !spec.matches("[0-9a-fA-F]+")) {
            throw new IllegalArgumentException("'" + spec + "' is neither 'latest' nor a snapshot id");
        }
        String prefix = spec.toLowerCase(java.util.Locale.ROOT);
        List<Id> hits = new ArrayList<>();
        for (Id id : repo.list(FileType.SNAPSHOT)) {
            if (id.hex().startsWith(prefix)) {
                hits.add(id);
            }
        }
        if (hits.isEmpty()) {
            throw new IllegalArgumentException("no snapshot matches id '" + spec + "'");
        }
        if (hits.size() > 1) {
            throw new IllegalArgumentException("id prefix '" + spec + "' matches " + hits.size() + " snapshots");
        }
        Id id = hits.get(0);
        return new Ref(id, Snapshot.parse(repo.loadJson(FileType.SNAPSHOT, id), "snapshots/" + id.hex()));
    }

    /**
     * The newest snapshot of {@code host} with exactly {@code paths}, the parent of a new backup. A damaged snapshot
     * file ('check' reports it) cannot be a parent and does not stop new backups.
     */
    public static Optional<Ref> parentFor(Repository repo, String host, List<String> paths) throws IOException {
        List<Ref> all = load(repo, true);
        for (int i = all.size() - 1; i >= 0; i--) {
            Snapshot s = all.get(i).snapshot();
            if (s.hostname().equals(host) && sorted(s.paths()).equals(sorted(paths))) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    static boolean matches(Snapshot s, @Nullable String host, List<String> paths) {
        if (host != null && !s.hostname().equals(host)) {
            return false;
        }
        return paths.isEmpty() || s.paths().containsAll(paths);
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }
}
