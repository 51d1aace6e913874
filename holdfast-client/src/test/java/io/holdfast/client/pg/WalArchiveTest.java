package io.holdfast.client.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.client.Holdfast;
import io.holdfast.client.InitOptions;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupSource;
import io.holdfast.engine.Snapshots;
import io.holdfast.engine.SourceContext;
import io.holdfast.engine.TreeWalker;
import io.holdfast.format.crypto.KeyFile;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.Tree;
import io.holdfast.repository.RepositoryOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL archive in a real repository, without PostgreSQL: batches build one rolling snapshot per cluster, a
 * partial segment gives way to its complete version, retention follows the base backups' {@code pg-wal-start} tags,
 * unchanged directories keep their trees, and {@code wal-get} serves segments (the partial one at the end) and
 * fetches ahead into its spool.
 */
class WalArchiveTest {
    private static final long SEG = 16L << 20; // names only: the test files are small
    private static final String SYSTEM = "7000000000000000001";
    private static final RepositoryOptions OPTS =
            RepositoryOptions.DEFAULTS.withKdf(new KeyFile.KdfParams(1 << 12, 8, 1));

    @TempDir
    Path tmp;

    private Path write(String name, String content) throws Exception {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        return Files.writeString(spool.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String seg(long n) {
        return WalNames.name(1, n, SEG);
    }

    private Holdfast open() throws Exception {
        Path repo = tmp.resolve("repo");
        if (!Files.exists(repo)) {
            Holdfast.init(repo.toString(), "pw", InitOptions.DEFAULTS, OPTS).close();
        }
        return Holdfast.open(repo.toString(), "pw", OPTS, false);
    }

    /** The archive's files: path below the system directory to node. */
    private static List<String> listing(Holdfast h) throws Exception {
        Snapshots.Ref wal = PgSnapshots.wal(h.snapshots(), SYSTEM).orElseThrow();
        List<String> out = new ArrayList<>();
        try (AutoCloseable s = h.readSession()) {
            new TreeWalker(h.repository()).walk(wal.snapshot().tree(), "/", (path, node) -> {
                if (node.type() == io.holdfast.format.tree.NodeType.FILE) {
                    out.add(path.substring(("/pg-wal/" + SYSTEM + "/").length()));
                }
                return true;
            });
        }
        return out;
    }

    /** A fake base backup whose only content is its tags (retention reads only those). */
    private static void base(Holdfast h, String walStart) throws Exception {
        h.backup(
                BackupOptions.DEFAULTS,
                new BackupSource() {
                    @Override
                    public List<String> paths() {
                        return List.of("/data");
                    }

                    @Override
                    public List<String> tags() {
                        return List.of(PgTags.BASE, PgTags.SYSTEM + SYSTEM, PgTags.WAL_START + walStart);
                    }

                    @Override
                    public Tree build(SourceContext ctx, @Nullable Tree parent) throws java.io.IOException {
                        return Tree.of(List.of(ctx.file(
                                "PG_VERSION",
                                "15\n".getBytes(StandardCharsets.UTF_8),
                                0600,
                                OffsetDateTime.now(ctx.clock()))));
                    }
                },
                BackupProgress.NONE);
    }

    private static @Nullable Node dirNode(Holdfast h, String dir) throws Exception {
        Snapshots.Ref wal = PgSnapshots.wal(h.snapshots(), SYSTEM).orElseThrow();
        try (AutoCloseable s = h.readSession()) {
            return new TreeWalker(h.repository()).find(wal.snapshot().tree(), "/pg-wal/" + SYSTEM + "/" + dir);
        }
    }

    @Test
    void batchesRollOneSnapshotAndPartialSegmentsGiveWay() throws Exception {
        try (Holdfast h = open()) {
            WalArchive.Stored first = WalArchive.store(
                    h,
                    SYSTEM,
                    SEG,
                    List.of(write(seg(1), "one"), write(seg(2), "two"), write(seg(3) + ".partial", "thr")),
                    "0/3000100");
            assertThat(first.removed()).isZero();
            assertThat(listing(h))
                    .containsExactly(
                            "0000000100000000/" + seg(1),
                            "0000000100000000/" + seg(2),
                            "0000000100000000/" + seg(3) + ".partial");

            WalArchive.Stored second = WalArchive.store(
                    h,
                    SYSTEM,
                    SEG,
                    List.of(
                            write(seg(3), "three"),
                            write(seg(4) + ".partial", "fo"),
                            write("00000002.history", "1\t0/4000000\tno recovery target\n")),
                    "0/4000100");
            assertThat(second.removed()).isEqualTo(1);
            assertThat(h.snapshots().stream()
                            .filter(r -> PgTags.isWalOf(r.snapshot().tags(), SYSTEM)))
                    .singleElement()
                    .satisfies(r -> assertThat(r.snapshot().tags()).contains("pg-lsn=0/4000100"));
            assertThat(listing(h))
                    .containsExactlyInAnyOrder(
                            "00000002.history",
                            "0000000100000000/" + seg(1),
                            "0000000100000000/" + seg(2),
                            "0000000100000000/" + seg(3),
                            "0000000100000000/" + seg(4) + ".partial");

            // a batch that touches only the timeline histories keeps the segment directory's tree
            Node before = Objects.requireNonNull(dirNode(h, "0000000100000000"));
            WalArchive.store(h, SYSTEM, SEG, List.of(write("00000003.history", "2\t0/5000000\tx\n")), "0/4000100");
            assertThat(Objects.requireNonNull(dirNode(h, "0000000100000000")).subtree())
                    .isEqualTo(before.subtree());
        }
    }

    @Test
    void retentionFollowsTheOldestBaseBackup() throws Exception {
        try (Holdfast h = open()) {
            List<Path> all = new ArrayList<>();
            for (long n = 250; n <= 260; n++) { // crosses from log 0 (…FA…FF) into log 1 (…00…04)
                all.add(write(seg(n), "segment " + n));
            }
            WalArchive.store(h, SYSTEM, SEG, all, "0/0");
            assertThat(listing(h)).hasSize(11);

            // no base backup: nothing dropped; one starting at 253: 250-252 go
            base(h, seg(253));
            WalArchive.store(h, SYSTEM, SEG, List.of(write(seg(261), "segment 261")), "0/0");
            assertThat(listing(h)).hasSize(9).allMatch(p -> p.compareTo("0000000100000000/" + seg(253)) >= 0);

            // an older base backup still there keeps what it needs: nothing more is dropped
            base(h, seg(251));
            WalArchive.store(h, SYSTEM, SEG, List.of(write(seg(262), "segment 262")), "0/0");
            assertThat(listing(h)).hasSize(10);

            // the only base backup left starts in log 1: log 0's directory goes whole
            for (Snapshots.Ref r : h.snapshots()) {
                if (r.snapshot().tags().contains(PgTags.BASE)) {
                    h.removeReplacedSnapshot(r.id());
                }
            }
            base(h, seg(258));
            WalArchive.store(h, SYSTEM, SEG, List.of(write(seg(263), "segment 263")), "0/0");
            assertThat(listing(h))
                    .allMatch(p -> p.startsWith("0000000100000001/"))
                    .first()
                    .isEqualTo("0000000100000001/" + seg(258));
        }
    }

    @Test
    void walGetServesSegmentsThePartialOneAndFetchesAhead() throws Exception {
        try (Holdfast h = open()) {
            WalArchive.store(
                    h,
                    SYSTEM,
                    SEG,
                    List.of(
                            write(seg(1), "one"),
                            write(seg(2), "two"),
                            write(seg(3), "three"),
                            write(seg(4) + ".partial", "fo")),
                    "0/4000010");
            Path pgWal = Files.createDirectories(tmp.resolve("data/pg_wal"));
            Path spool = pgWal.resolve("holdfast-prefetch");
            assertThat(Postgres.walGet(h, SYSTEM, seg(1), pgWal.resolve("RECOVERYXLOG"), spool, 1))
                    .isTrue();
            assertThat(pgWal.resolve("RECOVERYXLOG")).hasContent("one");
            assertThat(spool.resolve(seg(2))).hasContent("two"); // fetched ahead, one as asked
            assertThat(spool.resolve(seg(3))).doesNotExist();

            assertThat(Postgres.walFromSpool(seg(2), pgWal.resolve("RECOVERYXLOG"), spool))
                    .isTrue();
            assertThat(pgWal.resolve("RECOVERYXLOG")).hasContent("two");
            assertThat(spool.resolve(seg(2))).doesNotExist();

            assertThat(Postgres.walGet(h, SYSTEM, seg(4), pgWal.resolve("RECOVERYXLOG"), spool, 16))
                    .isTrue();
            assertThat(pgWal.resolve("RECOVERYXLOG")).hasContent("fo"); // the partial segment ends recovery
            assertThat(Postgres.walGet(h, SYSTEM, seg(5), pgWal.resolve("X"), spool, 16))
                    .isFalse();
            assertThat(Postgres.walGet(h, SYSTEM, "00000002.history", pgWal.resolve("X"), spool, 16))
                    .isFalse();
            assertThat(Postgres.walGet(h, "999", seg(1), pgWal.resolve("X"), spool, 16))
                    .isFalse();
            assertThat(pgWal.resolve("X")).doesNotExist();
        }
    }

    @Test
    void walNamesCountAcrossLogs() {
        assertThat(WalNames.name(1, 255, SEG)).isEqualTo("0000000100000000000000FF");
        assertThat(WalNames.name(1, 256, SEG)).isEqualTo("000000010000000100000000");
        assertThat(WalNames.number("000000020000000100000003", SEG)).isEqualTo(259);
        assertThat(WalNames.timeline("000000020000000100000003")).isEqualTo(2);
        assertThat(WalNames.directory("000000020000000100000003")).isEqualTo("0000000200000001");
        assertThat(WalNames.lsnText(WalNames.lsn("1/A0002F0"))).isEqualTo("1/A0002F0");
        assertThat(WalNames.isSegment("000000010000000000000001.partial")).isFalse();
        assertThat(WalNames.isHistory("00000002.history")).isTrue();
    }

    @Test
    void dsnsParseAndNeverShowThePassword() {
        PgDsn d = PgDsn.parse("postgresql://backup:s%40cret@db.example:6543/app?sslmode=require");
        assertThat(d.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/app");
        assertThat(d.properties())
                .containsEntry("user", "backup")
                .containsEntry("password", "s@cret")
                .containsEntry("sslmode", "require");
        assertThat(d.toString()).doesNotContain("cret").contains("backup:***@db.example");
        assertThat(PgDsn.parse("postgres://localhost").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/postgres");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PgDsn.parse("mysql://u:pw@h/db"))
                .hasMessageContaining("postgresql://")
                .hasMessageNotContaining("pw");
    }
}
