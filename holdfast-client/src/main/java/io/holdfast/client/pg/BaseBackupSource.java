package io.holdfast.client.pg;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupSource;
import io.holdfast.engine.FileTreeSource;
import io.holdfast.engine.SourceContext;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A base backup of a running PostgreSQL cluster, taken with the low-level backup API ({@code pg_backup_start} and
 * {@code pg_backup_stop} in one session) while the data directory is read as files by the file-tree source: relation
 * files unchanged since the previous base backup (same size, mtime, ctime, inode) are not read again, and changed
 * ones deduplicate by content. The WAL from the backup's start to its end is copied into {@code pg_wal/} (a temporary
 * replication slot keeps it from being recycled), and {@code backup_label} and {@code tablespace_map} are added, so
 * the snapshot restores to a consistent cluster on its own, as {@code pg_basebackup -X fetch} does. It must run on
 * the database host, as a user that can read the data directory.
 */
final class BaseBackupSource implements BackupSource {
    /** What pg_basebackup leaves out of a data directory, below it. */
    private static final List<String> EXCLUDED_BELOW = List.of(
            "pg_wal/*",
            "postmaster.pid",
            "postmaster.opts",
            "pg_replslot/*",
            "pg_dynshmem/*",
            "pg_notify/*",
            "pg_serial/*",
            "pg_snapshots/*",
            "pg_stat_tmp/*",
            "pg_subtrans/*",
            "backup_label",
            "backup_label.old",
            "tablespace_map",
            "recovery.signal",
            "standby.signal");

    /** Left out anywhere: temporary files and relation cache init files. */
    private static final List<String> EXCLUDED_ANYWHERE = List.of("pgsql_tmp*", "pg_internal.init");

    private final PgDsn dsn;
    private final BackupOptions opts;
    private final boolean fast;
    private final LocalFs fs;
    private @Nullable PgCluster pg;
    private @Nullable String dataDir;
    private @Nullable FileTreeSource files;
    private final List<String> tags = new ArrayList<>();

    BaseBackupSource(PgDsn dsn, BackupOptions opts, boolean fast, LocalFs fs) {
        this.dsn = dsn;
        this.opts = opts;
        this.fast = fast;
        this.fs = fs;
    }

    @Override
    public List<String> paths() throws IOException {
        return List.of(dataDir());
    }

    private String dataDir() throws IOException {
        String d = dataDir;
        if (d == null) {
            PgCluster c = PgCluster.connect(dsn);
            pg = c;
            if (c.serverVersion() < 150000) {
                throw new IOException("PostgreSQL " + c.serverVersion() / 10000
                        + " is not supported by holdfast pg backup yet (15 or later; the low-level API was renamed)");
            }
            List<String> spaces = c.extraTablespaces();
            if (!spaces.isEmpty()) {
                throw new IOException("tablespaces outside the data directory are not backed up yet: "
                        + String.join(", ", spaces) + "; nothing was backed up");
            }
            d = c.dataDirectory();
            if (!Files.isReadable(Path.of(d, "global", "pg_control"))) {
                throw new IOException("the data directory " + d + " is not readable here: run holdfast pg backup on"
                        + " the database host as the postgres user (or root)");
            }
            dataDir = d;
        }
        return d;
    }

    private FileTreeSource files() throws IOException {
        FileTreeSource f = files;
        if (f == null) {
            String d = dataDir();
            List<String> ex = new ArrayList<>(opts.excludes());
            for (String e : EXCLUDED_BELOW) {
                ex.add(d + "/" + e);
            }
            ex.addAll(EXCLUDED_ANYWHERE);
            f = new FileTreeSource(fs, opts.withPaths(List.of(d)).withTagsHostExcludes(opts.tags(), opts.host(), ex));
            files = f;
        }
        return f;
    }

    @Override
    public List<String> excludePatterns() {
        FileTreeSource f = files;
        return f == null ? List.of() : f.excludePatterns();
    }

    @Override
    public List<String> tags() {
        return List.copyOf(tags);
    }

    @Override
    public Tree build(SourceContext ctx, @Nullable Tree parentRoot) throws IOException {
        String d = dataDir();
        PgCluster c = Objects.requireNonNull(pg);
        FileTreeSource f = files();
        try (c) {
            String system = c.systemId();
            long segSize = c.segmentSize();
            // a temporary slot (dropped with the session) keeps the backup's WAL from being recycled before it is
            // copied
            c.rows("SELECT pg_create_physical_replication_slot('holdfast_base_' || pg_backend_pid(), true, true)");
            String label = "holdfast " + OffsetDateTime.now(ctx.clock());
            String startLsn = c.required("SELECT pg_backup_start(?, ?)::text", label, fast);
            String startWal = c.required("SELECT pg_walfile_name(?::pg_lsn)", startLsn);
            Tree root;
            String[] stop;
            try {
                root = f.build(ctx, parentRoot);
            } finally {
                List<String[]> r = c.rows("SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)");
                stop = r.get(0);
            }
            c.rows("SELECT pg_switch_wal()"); // completes the segment holding the end of the backup
            String stopWal = c.required("SELECT pg_walfile_name(?::pg_lsn)", stop[0]);
            List<String> dirs = components(d);
            OffsetDateTime now = OffsetDateTime.now(ctx.clock());
            List<Node> wal = new ArrayList<>();
            long timeline = WalNames.timeline(startWal);
            for (long n = WalNames.number(startWal, segSize); n <= WalNames.number(stopWal, segSize); n++) {
                String name = WalNames.name(timeline, n, segSize);
                wal.add(walFile(ctx, Path.of(d, "pg_wal", name), name, now));
            }
            List<String> walDir = new ArrayList<>(dirs);
            walDir.add("pg_wal");
            root = ctx.put(root, walDir, ownedLikeDataDir(d, wal));
            List<Node> labels = new ArrayList<>();
            labels.add(ctx.file("backup_label", stop[1].getBytes(StandardCharsets.UTF_8), 0600, now));
            if (stop[2] != null && !stop[2].isEmpty()) {
                labels.add(ctx.file("tablespace_map", stop[2].getBytes(StandardCharsets.UTF_8), 0600, now));
            }
            root = ctx.put(root, dirs, ownedLikeDataDir(d, labels));
            tags.addAll(List.of(PgTags.BASE, PgTags.SYSTEM + system, PgTags.WAL_START + startWal));
            return root;
        }
    }

    private static Node walFile(SourceContext ctx, Path file, String name, OffsetDateTime now) throws IOException {
        SourceContext.Content content;
        try (InputStream in = Files.newInputStream(file)) {
            content = ctx.store(in);
        } catch (NoSuchFileException e) {
            throw new IOException(
                    "WAL segment " + name + " was gone before it could be copied into the base backup;"
                            + " nothing was saved as a snapshot",
                    e);
        }
        ctx.counted(file.toString(), io.holdfast.engine.BackupProgress.FileStatus.NEW, content.size());
        return ctx.fileNode(name, content, 0600, now);
    }

    /** The generated files belong to the data directory's owner, as the server requires. */
    private static List<Node> ownedLikeDataDir(String dataDir, List<Node> nodes) throws IOException {
        Path d = Path.of(dataDir);
        int uid = (Integer) Files.getAttribute(d, "unix:uid");
        int gid = (Integer) Files.getAttribute(d, "unix:gid");
        String user = Files.getOwner(d).getName();
        String group = Files.readAttributes(d, java.nio.file.attribute.PosixFileAttributes.class)
                .group()
                .getName();
        return nodes.stream()
                .map(n ->
                        n.toBuilder().uid(uid).gid(gid).user(user).group(group).build())
                .toList();
    }

    static List<String> components(String absolute) {
        return Arrays.stream(absolute.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
