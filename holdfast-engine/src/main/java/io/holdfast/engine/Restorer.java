package io.holdfast.engine;

import io.holdfast.engine.fs.FileStat;
import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.BlobType;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Restores a tree into a target directory, as restic's restorer does: a walk of the snapshot's trees
 * ({@link RestorePlanner} decides, for every object, whether it is created, replaced or kept) creates directories,
 * symbolic links, FIFOs and devices as it finds them, and hands files to batches whose contents are restored pack by
 * pack ({@link RestoreBatch}, {@link PackRestorer}: each pack read once, each blob decoded once; model codec files
 * piece by piece), each file's metadata as soon as its content is complete; then hard links, and directories'
 * metadata last (deepest first) so their times stick. Never writes outside the target: names come validated from
 * {@link Tree#parse}, and no symbolic link in the target is followed. Nothing that exists is removed, replaced or
 * written through unless {@link RestoreOptions#overwrite()} says so; a replaced object is written under a temporary
 * name and renamed over it.
 */
public final class Restorer {
    private final LocalFs fs;
    private final Repository repo;
    private final BackupProgress progress;
    private final RestoredFileHook hook;

    public Restorer(Repository repo, BackupProgress progress) {
        this(repo, progress, RestoredFileHook.NONE);
    }

    /** A restorer that hands every restored file to {@code hook} before its metadata is set. */
    public Restorer(Repository repo, BackupProgress progress, RestoredFileHook hook) {
        this(LocalFs.get(), repo, progress, hook);
    }

    public Restorer(LocalFs fs, Repository repo, BackupProgress progress, RestoredFileHook hook) {
        this.fs = fs;
        this.repo = repo;
        this.progress = progress;
        this.hook = hook;
    }

    /**
     * Restores {@code rootTree}'s nodes below {@code target}.
     *
     * @param prefix the snapshot path of {@code rootTree}, for include/exclude matching, e.g. {@code /} or
     *     {@code /home/u}
     */
    private int batchFiles = RestoreBatch.FILES;

    private int batchBlobs = RestoreBatch.BLOBS;

    /** Smaller batches, for tests. */
    Restorer withBatches(int files, int blobs) {
        batchFiles = files;
        batchBlobs = blobs;
        return this;
    }

    public RestoreResult restore(Tree rootTree, String prefix, FsPath target, RestoreOptions opts) throws IOException {
        FsPath root = fs.absolute(target);
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        RestoreBatch batch = new RestoreBatch(fs, repo, progress, hook, opts, errors, batchFiles, batchBlobs);
        long[] special = new long[2]; // {symbolic links, FIFOs and devices}; the walk is one thread
        RestorePlanner plan = new RestorePlanner(fs, repo, opts, errors, batch::add, j -> special(j, errors, special));
        plan.prepareTarget(root);
        try {
            plan.walk(rootTree, prefix, root);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        batch.run();
        long links = hardLinks(plan, errors);
        for (RestoreJob j : plan.metadataOnly) {
            Metadata.apply(fs, j.path(), j.node(), errors);
        }
        for (int i = plan.dirs.size() - 1; i >= 0; i--) {
            RestorePlanner.DirJob d = plan.dirs.get(i);
            if (d.created() || opts.overwrite() != RestoreOptions.Overwrite.NEVER) {
                Metadata.apply(fs, d.path(), d.node(), errors);
            }
        }
        return new RestoreResult(
                batch.files.get(),
                plan.dirs.size(),
                links + special[0],
                special[1],
                batch.bytes.get(),
                batch.verified.get(),
                errors,
                plan.notes,
                plan.kept);
    }

    /** Second names of hard-linked files, linked to the first once its content is complete. */
    private long hardLinks(RestorePlanner plan, List<String> errors) {
        long n = 0;
        for (RestorePlanner.LinkJob l : plan.links) {
            if (!l.first().completed()) {
                errors.add(l.job().path() + ": not restored: the file it is a hard link of, "
                        + l.first().path() + ", could not be restored");
                continue;
            }
            try {
                fs.link(l.first().path(), l.job().writePath());
                moveIntoPlace(l.job());
                n++;
            } catch (IOException e) {
                errors.add(l.job().path() + ": cannot create hard link: " + Metadata.reason(e));
                cleanUp(l.job());
            }
        }
        return n;
    }

    /** Creates a symbolic link, FIFO or device with its metadata; counts it in {@code counts} {links, others}. */
    private void special(RestoreJob j, List<String> errors, long[] counts) {
        Node n = j.node();
        try {
            switch (n.type()) {
                case SYMLINK -> fs.symlink(n.linkTargetBytes(), j.writePath());
                case FIFO, DEV, CHARDEV -> fs.mknod(j.writePath(), mknodMode(n), n.device());
                default -> throw new IllegalStateException("not a special node: " + n);
            }
            moveIntoPlace(j);
        } catch (IOException e) {
            errors.add(j.path() + ": cannot create " + describe(n.type()) + ": " + Metadata.reason(e));
            cleanUp(j);
            return;
        }
        Metadata.apply(fs, j.path(), n, errors);
        counts[n.type() == NodeType.SYMLINK ? 0 : 1]++;
    }

    private static int mknodMode(Node n) {
        return io.holdfast.format.tree.FileModes.toPosix(n.mode() | n.type().modeBits());
    }

    static String describe(NodeType t) {
        return switch (t) {
            case SYMLINK -> "symbolic link";
            case FIFO -> "FIFO";
            case DEV -> "block device";
            case CHARDEV -> "character device";
            case SOCKET -> "socket";
            default -> t.jsonName();
        };
    }

    private void moveIntoPlace(RestoreJob j) throws IOException {
        if (j.temp() != null) {
            fs.rename(j.writePath(), j.path());
        }
    }

    private void cleanUp(RestoreJob j) {
        if (j.temp() != null) {
            removeQuietly(fs, j.writePath());
        }
    }

    static void removeQuietly(LocalFs fs, FsPath p) {
        try {
            if (fs.lstatIfExists(p) != null) {
                fs.unlink(p);
            }
        } catch (IOException e) {
            // a temporary name left behind is reported by nothing else; the original object is intact
        }
    }

    /** The node {@code name} of tree {@code t}, or null. */
    static @Nullable Node find(Tree t, String name) {
        return t.find(name);
    }

    /** Loads a directory's tree. */
    static Tree subtree(Repository repo, Node dir) throws IOException {
        Id sub = dir.subtree();
        if (sub == null) {
            throw new CorruptDataException("tree", "directory \"" + dir.name() + "\" has no subtree");
        }
        return Tree.parse(sub, repo.loadBlob(BlobType.TREE, sub));
    }

    /** The stat of {@code p}, if anything is there. */
    static @Nullable FileStat existing(LocalFs fs, FsPath p) throws IOException {
        return fs.lstatIfExists(p);
    }
}
