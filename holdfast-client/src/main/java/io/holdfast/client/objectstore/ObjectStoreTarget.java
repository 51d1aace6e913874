package io.holdfast.client.objectstore;

import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.RestoreFilter;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.engine.SnapshotFileSource;
import io.holdfast.engine.TreeWalker;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.Repository;
import io.holdfast.storage.s3.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Restores the files below a path of a snapshot as objects below a bucket's prefix, keyed by their path relative to
 * the restored path. Regular files become objects, empty directories empty {@code KEY/} folder markers (as consoles
 * make them, and as the source reads them back); links and devices are noted and left out. The target prefix is listed first: an existing object is kept unless {@link RestoreOptions#overwrite()}
 * says otherwise ({@code if-changed}: kept when its size and ETag match the snapshot's recorded ETag or the MD5 of
 * the file's content; {@code if-newer}: replaced when the file is newer than the object).
 */
final class ObjectStoreTarget {
    private static final int MAX_KEY_BYTES = 1024;

    private final S3Client client;
    private final S3Location target;
    private final Repository repo;
    private final BackupProgress progress;
    private final int concurrency;

    ObjectStoreTarget(S3Client client, S3Location target, Repository repo, BackupProgress progress, int concurrency) {
        this.client = client;
        this.target = target;
        this.repo = repo;
        this.progress = progress;
        this.concurrency = concurrency;
    }

    private record Item(String key, String path, Node node) {}

    /** Restores what is at {@code path} ({@code /} for everything) in the snapshot whose tree is {@code root}. */
    RestoreResult restore(Id root, String path, RestoreOptions opts) throws IOException {
        TreeWalker walker = new TreeWalker(repo);
        RestoreFilter filter = new RestoreFilter(opts.includes(), opts.excludes());
        List<Item> items = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Node base = walker.find(root, path);
        if (base == null) {
            collect(walker, walker.tree(root), "/", "", filter, items, notes);
        } else if (base.type() == NodeType.DIR) {
            collect(walker, walker.tree(Objects.requireNonNull(base.subtree())), path, "", filter, items, notes);
        } else if (base.type() == NodeType.FILE && filter.wanted(path, false)) {
            items.add(new Item(target.key(base.name()), path, base));
        }
        Map<String, ObjectEntry> existing = ObjectListing.keys(client, target);
        List<String> kept = new ArrayList<>();
        long total = 0;
        List<Item> todo = new ArrayList<>();
        for (Item i : items) {
            if (i.key().getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
                errors.add(i.path() + ": the key " + i.key() + " is longer than S3's 1024 bytes");
                continue;
            }
            ObjectEntry have = existing.get(i.key());
            if (have != null && keep(have, i, opts.overwrite())) {
                kept.add(i.key());
                continue;
            }
            todo.add(i);
            total += i.node().size();
        }
        progress.scanned(todo.size(), total);
        long files = 0;
        long dirs = 0;
        long bytes = 0;
        long verified = 0;
        try (ObjectUploader up = new ObjectUploader(client, target.bucket(), repo, concurrency)) {
            List<Future<ObjectUploader.Uploaded>> running = new ArrayList<>();
            for (Item i : todo) {
                running.add(up.upload(i.key(), i.path(), i.node(), progress::bytesDone));
            }
            for (int n = 0; n < todo.size(); n++) {
                Item i = todo.get(n);
                try {
                    ObjectUploader.Uploaded u = Executors2.await(running.get(n));
                    if (i.node().type() == NodeType.DIR) {
                        dirs++;
                    } else {
                        files++;
                    }
                    bytes += u.bytes();
                    verified += u.verified() ? 1 : 0;
                    progress.fileDone(i.path(), BackupProgress.FileStatus.NEW);
                } catch (IOException e) {
                    if (e instanceof java.io.InterruptedIOException) {
                        throw e;
                    }
                    errors.add(BackupProgress.describe(i.path(), e));
                }
            }
        }
        return new RestoreResult(files, dirs, 0, 0, bytes, verified, errors, notes, kept);
    }

    private void collect(
            TreeWalker walker,
            io.holdfast.format.tree.Tree tree,
            String path,
            String rel,
            RestoreFilter filter,
            List<Item> items,
            List<String> notes)
            throws IOException {
        for (Node n : tree.nodes()) {
            String p = TreeWalker.join(path, n.name());
            if (!filter.wanted(p, n.type() == NodeType.DIR)) {
                continue;
            }
            switch (n.type()) {
                case FILE -> items.add(new Item(target.key(rel + n.name()), p, n));
                case DIR -> {
                    io.holdfast.format.tree.Tree sub = walker.tree(Objects.requireNonNull(n.subtree()));
                    if (sub.isEmpty()) {
                        items.add(new Item(target.key(rel + n.name() + "/"), p, n)); // a folder marker
                    } else {
                        collect(walker, sub, p, rel + n.name() + "/", filter, items, notes);
                    }
                }
                default ->
                    notes.add(p + ": left out: a " + n.type().name().toLowerCase(java.util.Locale.ROOT)
                            + " cannot be an object");
            }
        }
    }

    /** Whether the existing object {@code have} stays where the snapshot has file {@code i}. */
    private boolean keep(ObjectEntry have, Item i, RestoreOptions.Overwrite overwrite) throws IOException {
        return switch (overwrite) {
            case NEVER -> true;
            case ALWAYS -> false;
            case IF_NEWER -> !i.node().mtimeInstant().isAfter(have.lastModified());
            case IF_CHANGED -> sameContent(have, i);
        };
    }

    private boolean sameContent(ObjectEntry have, Item i) throws IOException {
        if (have.size() != i.node().size()) {
            return false;
        }
        if (have.etag().equals(ObjectAttributes.etag(i.node()))) {
            return true;
        }
        if (!have.etag().matches("[0-9a-fA-F]{32}")) {
            return false; // a multipart or encrypted object's ETag is no MD5 of its content
        }
        SnapshotFileSource src = new SnapshotFileSource(repo, i.path(), i.node());
        PartStream.Provider body = new PartStream.Provider(src, 0, src.size());
        try (InputStream in = body.newStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return have.etag().equalsIgnoreCase(body.md5());
    }
}
