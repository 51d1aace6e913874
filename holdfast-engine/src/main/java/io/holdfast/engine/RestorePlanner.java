package io.holdfast.engine;

import io.holdfast.engine.fs.FileStat;
import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The first pass of a restore: walks the snapshot's tree, creates the directories, and decides for every other object
 * what happens to whatever already stands at its path (restic 0.16's {@code --overwrite} rules, with
 * {@link RestoreOptions.Overwrite#NEVER} as Holdfast's default): kept and counted as skipped, replaced (written under a
 * temporary name, then renamed over it; an empty directory is removed first, a non-empty one never), or, with
 * {@code if-changed}, left with its content and given the snapshot's metadata. The second name of a hard-linked file
 * becomes a link to the first name restored.
 */
final class RestorePlanner {
    /** A directory restored into; {@code created} if this restore made it. */
    record DirJob(FsPath path, Node node, boolean created) {}

    /** A second name of a hard-linked file, to link to {@code first} once that is complete. */
    record LinkJob(RestoreJob job, RestoreJob first) {}

    /**
     * Where the walk hands each file whose content is to be written, as it finds it. A failure that ends the restore
     * is thrown as an {@link java.io.UncheckedIOException}, which the walk does not take for the file's own error.
     */
    @FunctionalInterface
    interface Files {
        void add(RestoreJob job);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalFs fs;
    private final Repository repo;
    private final RestoreOptions opts;
    private final RestoreFilter filter;
    final List<String> errors;
    final List<String> notes = new ArrayList<>();
    final List<String> kept = new ArrayList<>();
    final List<RestoreJob> metadataOnly = new ArrayList<>();
    final List<LinkJob> links = new ArrayList<>();
    final List<DirJob> dirs = new ArrayList<>();
    private final Map<String, RestoreJob> firstLinks = new HashMap<>();

    private final Files files;
    private final Files specials;

    /**
     * @param errors where the walk's errors go (the batches' too), thread-safe
     * @param files where regular files whose content is to be written go
     * @param specials where symbolic links, FIFOs and devices go, to be created as the walk finds them (as restic
     *     does; holding them to the end held 60,686 nodes and paths for the small files' tree)
     */
    RestorePlanner(LocalFs fs, Repository repo, RestoreOptions opts, List<String> errors, Files files, Files specials) {
        this.errors = errors;
        this.files = files;
        this.specials = specials;
        this.fs = fs;
        this.repo = repo;
        this.opts = opts;
        this.filter = new RestoreFilter(opts.includes(), opts.excludes());
    }

    /** Creates the target directory and its missing parents (mode 0700, as restic), and checks it is writable. */
    void prepareTarget(FsPath root) throws IOException {
        FileStat s = fs.lstatIfExists(root);
        if (s == null) {
            FsPath parent = root.parent();
            if (parent != null) {
                prepareTarget(parent);
            }
            fs.mkdir(root, 0700);
            return;
        }
        if (!s.isDirectory()) {
            throw new FileSystemException(root.toString(), null, "restore target exists and is not a directory");
        }
        // fail at once, with one line, rather than once for every object of the snapshot
        FsPath probe = root.resolve(tempName(".holdfast-probe-"));
        try {
            fs.mkdir(probe, 0700);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new java.nio.file.AccessDeniedException(
                    root.toString(), null, "restore target is not writable: permission denied");
        }
        fs.rmdir(probe);
    }

    private static byte[] tempName(String prefix) {
        byte[] rnd = new byte[8];
        RANDOM.nextBytes(rnd);
        return (prefix + HexFormat.of().formatHex(rnd)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    void walk(Tree tree, String prefix, FsPath dir) {
        walk(tree, prefix, dir, false);
    }

    /**
     * @param fresh whether this restore created {@code dir}: nothing can stand in it yet (a name created there
     *     meanwhile by another process makes the exclusive create fail, and that object is reported, not replaced),
     *     so its entries are not looked up first (one {@code lstat} per object saved)
     */
    private void walk(Tree tree, String prefix, FsPath dir, boolean fresh) {
        for (Node n : tree.nodes()) {
            String snapPath = TreeWalker.join(prefix, n.name());
            if (!filter.wanted(snapPath, n.type() == NodeType.DIR)) {
                continue;
            }
            FsPath p = dir.resolve(n.nameBytes()); // names are validated by Tree.parse: no '/', '.', '..', NUL
            try {
                switch (n.type()) {
                    case DIR -> directory(n, snapPath, p, fresh);
                    case SOCKET, IRREGULAR ->
                        notes.add(p + ": " + Restorer.describe(n.type()) + " not restored (cannot be recreated"
                                + " from a backup; restic skips them too)");
                    default -> other(n, p, fresh);
                }
            } catch (IOException e) {
                errors.add(BackupProgress.describe(p.toString(), e));
            }
        }
    }

    private void directory(Node n, String snapPath, FsPath p, boolean fresh) throws IOException {
        FileStat existing = fresh ? null : fs.lstatIfExists(p);
        boolean created;
        if (existing == null) {
            fs.mkdir(p, 0700); // its own mode is set at the end, when its children are done
            created = true;
        } else if (existing.isDirectory()) {
            created = false;
        } else if (opts.overwrite() == RestoreOptions.Overwrite.NEVER || !newer(n, existing)) {
            skip(p, "exists and is not a directory");
            return;
        } else {
            fs.unlink(p);
            fs.mkdir(p, 0700);
            created = true;
        }
        dirs.add(new DirJob(p, n, created));
        walk(Restorer.subtree(repo, n), snapPath, p, created);
    }

    private void other(Node n, FsPath p, boolean fresh) throws IOException {
        RestoreJob job = decide(n, p, fresh ? null : fs.lstatIfExists(p));
        if (job == null) {
            return;
        }
        if (n.type() != NodeType.FILE) {
            specials.add(job);
            return;
        }
        if (n.links() > 1) {
            String key = Long.toUnsignedString(n.deviceId()) + ":" + Long.toUnsignedString(n.inode());
            RestoreJob first = firstLinks.putIfAbsent(key, job);
            if (first != null) {
                links.add(new LinkJob(job, first));
                return;
            }
        }
        files.add(job);
    }

    /** What to do at {@code p}: a job (to write there or under a temporary name), or null to leave it. */
    private @Nullable RestoreJob decide(Node n, FsPath p, @Nullable FileStat existing) throws IOException {
        if (existing == null) {
            return new RestoreJob(p, n, null);
        }
        if (opts.overwrite() == RestoreOptions.Overwrite.NEVER) {
            skip(p, "exists");
            return null;
        }
        if (!newer(n, existing)) {
            skip(p, "exists and is not older than the snapshot's");
            return null;
        }
        if (opts.overwrite() == RestoreOptions.Overwrite.IF_CHANGED
                && n.type() == NodeType.FILE
                && existing.isRegularFile()
                && existing.size() == n.size()
                && new FileWriter(fs, repo).matches(p, n)) {
            metadataOnly.add(new RestoreJob(p, n, null));
            return null;
        }
        if (existing.isDirectory()) {
            try {
                fs.rmdir(p);
            } catch (DirectoryNotEmptyException e) {
                errors.add(p + ": is a directory that is not empty; not replaced by the snapshot's "
                        + Restorer.describe(n.type()));
                return null;
            }
            return new RestoreJob(p, n, null);
        }
        FsPath dir = java.util.Objects.requireNonNull(p.parent());
        return new RestoreJob(p, n, dir.resolve(tempName(".holdfast-restore-")));
    }

    /** With {@code --overwrite if-newer}: whether the snapshot's object is newer than the existing one. */
    private boolean newer(Node n, FileStat existing) {
        return opts.overwrite() != RestoreOptions.Overwrite.IF_NEWER
                || n.mtimeInstant().isAfter(existing.mtime());
    }

    private void skip(FsPath p, String why) {
        kept.add(p + ": " + why + ", not replaced"
                + (opts.overwrite() == RestoreOptions.Overwrite.NEVER ? " (use --overwrite)" : ""));
    }
}
