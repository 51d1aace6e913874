package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.model.codec.CodecManifest;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Restores a tree into a target directory. Directories first, then file contents pack by pack ({@link PackRestorer}:
 * each pack read once, each blob decoded once; model codec files piece by piece), each file's metadata as soon as its
 * content is complete, and directories' metadata last (deepest first) so their mtimes stick. Never writes outside the
 * target: names come validated from {@link Tree#parse}, every path is checked to stay below the target, and existing
 * symbolic links are never followed.
 */
public final class Restorer {
    private final Repository repo;
    private final BackupProgress progress;
    private final RestoredFileHook hook;

    public Restorer(Repository repo, BackupProgress progress) {
        this(repo, progress, RestoredFileHook.NONE);
    }

    /** A restorer that hands every restored file to {@code hook} before its metadata is set. */
    public Restorer(Repository repo, BackupProgress progress, RestoredFileHook hook) {
        this.repo = repo;
        this.progress = progress;
        this.hook = hook;
    }

    private record Job(Path path, Node node) {}

    /**
     * Restores {@code node}'s tree (or the single file {@code node}) below {@code target}.
     *
     * @param rootTree the tree to restore the children of
     * @param prefix the snapshot path of {@code rootTree}, for include/exclude matching, e.g. {@code /} or
     *     {@code /home/u}
     */
    public RestoreResult restore(Tree rootTree, String prefix, Path target, RestoreOptions opts) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        if (!Files.isWritable(root)) {
            throw new java.nio.file.AccessDeniedException(root.toString(), null, "restore target is not writable");
        }
        Filter filter = new Filter(opts.includes(), opts.excludes());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<Job> files = new ArrayList<>();
        List<Job> dirs = new ArrayList<>();
        AtomicLong links = new AtomicLong();
        walk(rootTree, prefix, root, root, filter, opts, files, dirs, links, errors);

        Map<String, Path> hardLinks = new HashMap<>();
        List<Job> contents = new ArrayList<>();
        for (Job j : files) {
            Node n = j.node();
            if (n.links() > 1) {
                String key = n.deviceId() + ":" + n.inode();
                Path first = hardLinks.putIfAbsent(key, j.path());
                if (first != null) {
                    try {
                        Files.createLink(j.path(), first);
                        links.incrementAndGet();
                    } catch (IOException e) {
                        errors.add(j.path() + ": cannot create hard link: " + e.getMessage());
                    }
                    continue;
                }
            }
            contents.add(j);
        }
        AtomicLong bytes = new AtomicLong();
        AtomicLong written = new AtomicLong();
        AtomicLong verified = new AtomicLong();
        FileWriter writer = new FileWriter(repo);
        PackRestorer.Completion done = (path, node) -> {
            try {
                bytes.addAndGet(node.size());
                written.incrementAndGet();
                boolean rewritten = hook.restored(path);
                Metadata.apply(path, node, errors);
                if (opts.verify() && !rewritten) {
                    writer.verify(path, node);
                    verified.incrementAndGet();
                }
            } catch (IOException | UncheckedIOException e) {
                errors.add(path + ": " + e.getMessage());
            }
        };
        PackRestorer packs = new PackRestorer(repo, progress, errors);
        List<Job> decoded = new ArrayList<>();
        for (Job j : contents) {
            try {
                if (opts.overwrite() && Files.exists(j.path(), LinkOption.NOFOLLOW_LINKS)) {
                    FileWriter.truncate(j.path());
                }
                if (CodecManifest.of(j.node()) != null) {
                    decoded.add(j);
                } else {
                    packs.add(j.path(), j.node());
                }
            } catch (IOException e) {
                errors.add(j.path() + ": " + e.getMessage());
            }
        }
        packs.run(Math.max(repo.options().workers(), repo.options().connections()), done);
        for (Job j : decoded) {
            try {
                long n = writer.write(j.path(), j.node());
                progress.bytesDone(n);
                done.completed(j.path(), j.node());
            } catch (IOException | UncheckedIOException e) {
                errors.add(j.path() + ": " + e.getMessage());
            }
        }
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Metadata.apply(dirs.get(i).path(), dirs.get(i).node(), errors);
        }
        return new RestoreResult(
                written.get(), dirs.size(), links.get(), bytes.get(), verified.get(), List.copyOf(errors));
    }

    private void walk(
            Tree tree,
            String prefix,
            Path dir,
            Path root,
            Filter filter,
            RestoreOptions opts,
            List<Job> files,
            List<Job> dirs,
            AtomicLong links,
            List<String> errors)
            throws IOException {
        for (Node n : tree.nodes()) {
            String snapPath = prefix.endsWith("/") ? prefix + n.name() : prefix + "/" + n.name();
            boolean isDir = n.type() == NodeType.DIR;
            if (!filter.wanted(snapPath, isDir)) {
                continue;
            }
            Path p = dir.resolve(n.name()).normalize();
            if (!p.startsWith(root) || p.equals(root)) {
                throw new CorruptDataException("tree", "node name '" + n.name() + "' escapes the restore target");
            }
            if (Files.isSymbolicLink(p)) {
                if (!opts.overwrite()) {
                    errors.add(p + ": exists as a symbolic link, not overwritten (use --overwrite)");
                    continue;
                }
                Files.delete(p);
            }
            switch (n.type()) {
                case DIR -> {
                    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                            && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        errors.add(p + ": exists and is not a directory");
                        continue;
                    }
                    Files.createDirectories(p);
                    dirs.add(new Job(p, n));
                    Id sub = n.subtree();
                    if (sub == null) {
                        errors.add(p + ": directory without subtree in the snapshot");
                        continue;
                    }
                    Tree child;
                    try {
                        child = Tree.parse(sub, repo.loadBlob(BlobType.TREE, sub));
                    } catch (IOException e) {
                        errors.add(p + ": cannot load tree " + sub.shortHex() + ": " + e.getMessage());
                        continue;
                    }
                    walk(child, snapPath, p, root, filter, opts, files, dirs, links, errors);
                }
                case FILE -> {
                    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !opts.overwrite()) {
                        errors.add(p + ": exists, not overwritten (use --overwrite)");
                        continue;
                    }
                    files.add(new Job(p, n));
                }
                case SYMLINK -> {
                    try {
                        Files.deleteIfExists(p);
                        Files.createSymbolicLink(p, Path.of(n.linkTarget()));
                        Metadata.apply(p, n, errors);
                        links.incrementAndGet();
                    } catch (IOException | UnsupportedOperationException e) {
                        errors.add(p + ": cannot create symbolic link: " + e.getMessage());
                    }
                }
                default -> errors.add(p + ": " + n.type().jsonName() + " nodes are not restored");
            }
        }
    }

    /** Include and exclude patterns over snapshot paths. */
    static final class Filter {
        private final List<PathMatcher> includes = new ArrayList<>();
        private final List<PathMatcher> excludes = new ArrayList<>();
        private final List<String> includePatterns;

        Filter(List<String> inc, List<String> exc) {
            for (String p : inc) {
                includes.add(matcher(p));
            }
            for (String p : exc) {
                excludes.add(matcher(p));
            }
            includePatterns = inc;
        }

        private static PathMatcher matcher(String pattern) {
            String g = pattern.contains("/") ? (pattern.startsWith("/") ? pattern : "**/" + pattern) : "**/" + pattern;
            return FileSystems.getDefault().getPathMatcher("glob:" + g);
        }

        boolean wanted(String snapPath, boolean isDir) {
            Path p = Path.of(snapPath);
            for (Path q = p; q != null; q = q.getParent()) {
                for (PathMatcher m : excludes) {
                    if (m.matches(q)) {
                        return false;
                    }
                }
            }
            if (includes.isEmpty()) {
                return true;
            }
            for (Path q = p; q != null; q = q.getParent()) {
                for (PathMatcher m : includes) {
                    if (m.matches(q)) {
                        return true;
                    }
                }
            }
            // a directory on the way to an included path must be entered
            if (isDir) {
                for (String inc : includePatterns) {
                    if (inc.startsWith("/") && (inc + "/").startsWith(snapPath + "/")) {
                        return true;
                    }
                    if (!inc.startsWith("/")) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    static @Nullable Node find(Tree t, String name) {
        return t.find(name);
    }
}
