package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.CheckResult;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoreResult;
import io.holdfast.format.Id;
import io.holdfast.format.tree.NodeType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silent corruption: one random byte of a pack, an index file or a snapshot file is changed (seeded), and {@code check
 * --read-data} must notice every time. For packs the test works out from an undamaged copy which files the byte
 * destroys, and check must name exactly those (per snapshot), while a restore of each snapshot reports exactly those
 * and restores everything else byte-identically. {@code -Dholdfast.bitrot.trials=N}, {@code -Dholdfast.bitrot.seed=N}.
 */
class BitRotTest {
    static final long SEED = Long.getLong("holdfast.bitrot.seed", 0xb17f11bL);
    static final int TRIALS = Integer.getInteger("holdfast.bitrot.trials", 36);

    @TempDir
    static Path tmp;

    static Path pristine;
    static Path src;
    static final Map<Id, Map<String, String>> expected = new LinkedHashMap<>();
    static final Map<Id, SnapshotLayout> layouts = new LinkedHashMap<>();

    @BeforeAll
    static void threeSnapshots() throws IOException {
        src = TestData.sourceTree(tmp.resolve("src"), SEED, 1 << 20);
        pristine = tmp.resolve("pristine");
        Holdfast.init(pristine.toString(), History.PASSWORD, InitOptions.DEFAULTS, History.OPTIONS)
                .close();
        Random rnd = new Random(SEED);
        for (int i = 0; i < 3; i++) {
            if (i > 0) {
                Workload.change(src, rnd, (1 << 20) + rnd.nextInt(1 << 20));
            }
            try (Holdfast h = open(pristine)) {
                Id id = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE)
                        .snapshotId();
                expected.put(id, TestData.describe(src, true));
            }
        }
        try (Holdfast h = open(pristine)) {
            for (Id id : expected.keySet()) {
                layouts.put(id, SnapshotLayout.read(h, id));
            }
        }
    }

    static Holdfast open(Path repo) throws IOException {
        return Holdfast.open(repo.toString(), History.PASSWORD, History.OPTIONS, false);
    }

    enum Target {
        PACK("data"),
        INDEX("index"),
        SNAPSHOT("snapshots");

        final String dir;

        Target(String dir) {
            this.dir = dir;
        }
    }

    @Test
    void everyFlippedByteIsDetectedAndTracedToTheFilesItDestroys() throws IOException {
        int detected = 0;
        Map<Target, Integer> trials = new LinkedHashMap<>();
        for (int t = 0; t < TRIALS; t++) {
            Random rnd = new Random(SEED + t);
            Target target = t % 6 < 4 ? Target.PACK : t % 6 == 4 ? Target.INDEX : Target.SNAPSHOT;
            trials.merge(target, 1, Integer::sum);
            Path repo = tmp.resolve("trial-" + t);
            copy(pristine, repo);
            List<Path> files = files(repo.resolve(target.dir));
            Path file = files.get(rnd.nextInt(files.size()));
            long offset = (long) (rnd.nextDouble() * Files.size(file));
            flip(file, offset, 1 + rnd.nextInt(255));
            String trial =
                    "trial " + t + " (seed " + SEED + "): " + target + " " + repo.relativize(file) + " byte " + offset;

            CheckResult check;
            try (Holdfast h = open(repo)) {
                check = h.check(CheckOptions.READ_DATA, BackupProgress.NONE);
            }
            if (!check.ok()) {
                detected++;
            }
            assertThat(check.errors()).as(trial).isNotEmpty();
            String name = file.getFileName().toString();
            switch (target) {
                case PACK -> packDamageIsTraced(repo, Id.parse(name), offset, check, trial);
                case INDEX -> assertThat(check.errors()).as(trial).anyMatch(e -> e.startsWith("index/" + name));
                case SNAPSHOT -> damagedSnapshotSparesTheOthers(repo, Id.parse(name), check, trial);
            }
            History.deleteTree(repo);
        }
        System.out.printf(
                "bit-flip trials: %d %s, detected %d (%.1f%%), seed %d%n",
                TRIALS, trials, detected, 100.0 * detected / TRIALS, SEED);
        assertThat(detected).isEqualTo(TRIALS);
    }

    private static void packDamageIsTraced(Path repo, Id pack, long offset, CheckResult check, String trial)
            throws IOException {
        assertThat(check.errors()).as(trial).anyMatch(e -> e.startsWith("pack " + pack.hex()));
        Set<String> expectedLines = new TreeSet<>();
        Map<Id, Map<String, NodeType>> lost = new LinkedHashMap<>();
        try (Holdfast h = open(pristine)) {
            h.repository().loadIndex();
            Set<Id> damaged = new java.util.HashSet<>();
            layouts.values()
                    .forEach(l -> damaged.addAll(l.blobsAt(h.repository().index(), pack, offset)));
            for (SnapshotLayout l : layouts.values()) {
                Map<String, NodeType> gone = l.lost(damaged);
                lost.put(l.id(), gone);
                gone.forEach((path, type) -> expectedLines.add("snapshot " + l.id().shortHex() + ": "
                        + (type == NodeType.DIR ? "directory " : "file ") + path + " is damaged"));
            }
        }
        Set<String> reported = check.errors().stream()
                .filter(e -> e.startsWith("snapshot ") && e.endsWith(" is damaged"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(reported).as("affected files named by check, %s", trial).isEqualTo(expectedLines);
        for (Map.Entry<Id, Map<String, NodeType>> e : lost.entrySet()) {
            restoreSparesUndamagedFiles(repo, e.getKey(), e.getValue(), trial);
        }
    }

    /** Restores the snapshot's source directory: errors name exactly the lost paths, the rest is identical. */
    private static void restoreSparesUndamagedFiles(Path repo, Id snap, Map<String, NodeType> lost, String trial)
            throws IOException {
        Path target = tmp.resolve("restore");
        String base = src.toString();
        try (Holdfast h = open(repo)) {
            if (SnapshotLayout.onTheWay(lost, base)) {
                assertThatThrownBy(() -> h.restore(
                                snap.hex() + ":" + base, target, RestoreOptions.DEFAULTS, BackupProgress.NONE))
                        .as(trial)
                        .isInstanceOf(IOException.class);
                return;
            }
            RestoreResult r = h.restore(snap.hex() + ":" + base, target, RestoreOptions.DEFAULTS, BackupProgress.NONE);
            List<String> lostHere = new ArrayList<>();
            lost.keySet().forEach(p -> lostHere.add(target.resolve(p.substring(base.length() + 1)) + ": "));
            assertThat(r.errors()).as("restore errors, %s", trial).hasSameSizeAs(lostHere);
            assertThat(r.errors())
                    .as("restore errors, %s", trial)
                    .allMatch(err -> lostHere.stream().anyMatch(err::startsWith));
        }
        List<String> lostRel =
                lost.keySet().stream().map(p -> p.substring(base.length() + 1)).toList();
        assertThat(spared(TestData.describe(target, true), lostRel))
                .as("undamaged files of %s, %s", snap.shortHex(), trial)
                .isEqualTo(spared(expected.get(snap), lostRel));
        History.deleteTree(target);
    }

    private static Map<String, String> spared(Map<String, String> tree, List<String> lost) {
        Map<String, String> out = new LinkedHashMap<>(tree);
        out.keySet().removeIf(p -> lost.stream().anyMatch(l -> p.equals(l) || p.startsWith(l + "/")));
        return out;
    }

    private static void damagedSnapshotSparesTheOthers(Path repo, Id damaged, CheckResult check, String trial)
            throws IOException {
        assertThat(check.errors()).as(trial).anyMatch(e -> e.startsWith("snapshots/" + damaged.hex()));
        try (Holdfast h = open(repo)) {
            for (Id other : expected.keySet()) {
                if (!other.equals(damaged)) {
                    Path target = tmp.resolve("restore");
                    h.restore(other.hex() + ":" + src, target, RestoreOptions.DEFAULTS, BackupProgress.NONE);
                    assertThat(TestData.describe(target, true)).as(trial).isEqualTo(expected.get(other));
                    History.deleteTree(target);
                }
            }
            BackupResult next = h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            assertThat(next.errors()).as("backup after %s", trial).isEmpty();
        }
    }

    static void flip(Path file, long offset, int mask) throws IOException {
        file.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ mask);
        }
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
