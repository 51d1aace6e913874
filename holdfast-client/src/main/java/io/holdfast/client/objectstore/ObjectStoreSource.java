package io.holdfast.client.objectstore;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupSource;
import io.holdfast.engine.Excludes;
import io.holdfast.engine.SourceContext;
import io.holdfast.format.Id;
import io.holdfast.format.tree.FileModes;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.storage.s3.S3Location;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The objects below an S3 bucket's prefix as a snapshot: {@code /s3/BUCKET/PREFIX/KEY...}, a directory for each
 * '/'-separated part of the keys, files of mode 0644 with the object's size and last-modified time and its ETag
 * ({@link ObjectAttributes}), directories of mode 0755 dated by the newest object below them. The bucket is listed
 * first (the only requests an unchanged bucket costs); an object whose ETag, size and time equal its node in the
 * parent snapshot (same host and paths) and whose content is in the repository keeps that node and is not fetched;
 * the others are fetched in parallel by an {@link ObjectFetcher}. Objects are read one by one, so the snapshot is
 * no point-in-time copy of a bucket that changes during the backup.
 */
public final class ObjectStoreSource implements BackupSource {
    private static final int DIR_MODE = FileModes.DIR | 0755;

    private final S3Client client;
    private final S3Location location;
    private final int concurrency;
    private final List<String> rootParts;
    private List<String> patterns = List.of();

    /** Backs up the objects below {@code location} with {@code client}, {@code concurrency} {@code GET}s at once. */
    public ObjectStoreSource(S3Client client, S3Location location, int concurrency) {
        this.client = client;
        this.location = location;
        this.concurrency = concurrency;
        List<String> parts = new ArrayList<>(List.of("s3", location.bucket()));
        if (!location.prefix().isEmpty()) {
            parts.addAll(List.of(location.prefix().split("/")));
        }
        this.rootParts = List.copyOf(parts);
    }

    @Override
    public List<String> paths() {
        return List.of("/" + String.join("/", rootParts));
    }

    @Override
    public List<String> excludePatterns() {
        return patterns;
    }

    @Override
    public Tree build(SourceContext ctx, @Nullable Tree parentRoot) throws IOException {
        BackupOptions o = ctx.options();
        Excludes excludes = Excludes.of(o.excludes(), o.iexcludes(), o.excludeFiles());
        patterns = excludes.patterns();
        String root = paths().getFirst();
        ObjectDir listed =
                new ObjectListing(location, root, excludes, o.excludeLargerThan(), ctx.progress()).list(client);
        ctx.progress().scanned(listed.objects(), listed.bytes());

        List<@Nullable Node> oldChain = new ArrayList<>();
        Tree old = parentRoot;
        for (String part : rootParts) {
            Node n = old == null ? null : old.find(part);
            n = n != null && n.type() == NodeType.DIR ? n : null;
            oldChain.add(n);
            old = n == null ? null : ctx.loadTree(n.subtree());
        }
        Node owner = ctx.fileNode("owner", new SourceContext.Content(List.of(), 0), 0, OffsetDateTime.now(ctx.clock()));
        try (ObjectFetcher fetcher = new ObjectFetcher(client, location, ctx, concurrency)) {
            Build b = new Build(ctx, fetcher, owner);
            b.plan(listed, old, root);
            int last = rootParts.size() - 1;
            Node node = b.assemble(listed, rootParts.get(last), oldChain.get(last));
            for (int i = last - 1; i >= 0; i--) {
                Id id = ctx.saveTree(Tree.of(List.of(node)));
                ctx.dirCounted(oldChain.get(i), id);
                node = b.dirNode(rootParts.get(i), id, node.mtimeInstant());
            }
            return Tree.of(List.of(node));
        }
    }

    /** One backup's decisions: which objects to fetch (all requests start during {@link #plan}), then the trees. */
    private static final class Build {
        private final SourceContext ctx;
        private final ObjectFetcher fetcher;
        private final Node owner;
        private final Map<ObjectEntry, Future<@Nullable Node>> files = new IdentityHashMap<>();
        private final Map<ObjectDir, @Nullable Node> oldDirs = new IdentityHashMap<>();

        Build(SourceContext ctx, ObjectFetcher fetcher, Node owner) {
            this.ctx = ctx;
            this.fetcher = fetcher;
            this.owner = owner;
        }

        /** Walks {@code dir} beside its parent snapshot's tree {@code old}, reusing or fetching each object. */
        void plan(ObjectDir dir, @Nullable Tree old, String path) throws IOException {
            for (Map.Entry<String, ObjectEntry> f : dir.files.entrySet()) {
                ObjectEntry e = f.getValue();
                String name = f.getKey();
                String p = path + "/" + name;
                Node was = old == null ? null : old.find(name);
                if (unchanged(e, was)) {
                    ctx.counted(p, BackupProgress.FileStatus.UNCHANGED, e.size());
                    files.put(e, CompletableFuture.completedFuture(was));
                } else if (e.size() == 0) {
                    files.put(e, CompletableFuture.completedFuture(fetcher.empty(e, name, p, was)));
                } else {
                    files.put(e, fetcher.submit(e, name, p, was));
                }
            }
            for (Map.Entry<String, ObjectDir> d : dir.dirs.entrySet()) {
                if (d.getValue().excluded) {
                    continue;
                }
                Node was = old == null ? null : old.find(d.getKey());
                was = was != null && was.type() == NodeType.DIR ? was : null;
                oldDirs.put(d.getValue(), was);
                plan(d.getValue(), was == null ? null : ctx.loadTree(was.subtree()), path + "/" + d.getKey());
            }
        }

        private boolean unchanged(ObjectEntry e, @Nullable Node old) {
            if (old == null || old.type() != NodeType.FILE || old.size() != e.size()) {
                return false;
            }
            List<Id> content = old.content();
            return old.mtimeInstant().equals(e.lastModified())
                    && e.etag().equals(ObjectAttributes.etag(old))
                    && content != null
                    && ctx.indexed(content);
        }

        /** The directory node of {@code dir}, its tree saved once every object in it is stored. */
        Node assemble(ObjectDir dir, String name, @Nullable Node old) throws IOException {
            List<Node> nodes = new ArrayList<>();
            Instant newest = dir.marker;
            for (ObjectEntry e : dir.files.values()) {
                Future<@Nullable Node> f = files.remove(e);
                Node n = f == null ? null : result(f);
                if (n != null) {
                    nodes.add(n);
                    newest = later(newest, n.mtimeInstant());
                }
            }
            for (Map.Entry<String, ObjectDir> d : dir.dirs.entrySet()) {
                if (!d.getValue().excluded) {
                    Node n = assemble(d.getValue(), d.getKey(), oldDirs.get(d.getValue()));
                    nodes.add(n);
                    newest = later(newest, n.mtimeInstant());
                }
            }
            Id id = ctx.saveTree(Tree.of(nodes));
            ctx.dirCounted(old, id);
            return dirNode(name, id, newest);
        }

        Node dirNode(String name, Id subtree, Instant mtime) {
            OffsetDateTime t = OffsetDateTime.ofInstant(mtime, ZoneOffset.UTC);
            return Node.builder()
                    .name(name)
                    .type(NodeType.DIR)
                    .mode(DIR_MODE)
                    .mtime(t)
                    .atime(t)
                    .ctime(t)
                    .uid(owner.uid())
                    .gid(owner.gid())
                    .user(owner.user())
                    .subtree(subtree)
                    .build();
        }

        /** Waits for a fetch; its failure (a failure to store: fetching failures are reported and give null). */
        private static @Nullable Node result(Future<@Nullable Node> f) throws IOException {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                if (c instanceof RuntimeException r) {
                    throw r;
                }
                throw new IOException(String.valueOf(c), c);
            }
        }

        private static Instant later(Instant a, Instant b) {
            return b.isAfter(a) ? b : a;
        }
    }
}
