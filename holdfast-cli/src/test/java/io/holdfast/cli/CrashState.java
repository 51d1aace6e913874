package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.client.Holdfast;
import io.holdfast.repository.RepositoryLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One repository of the crash harness: its source tree, its snapshots with what each must restore to, and a trial:
 * run a command, kill it with SIGKILL at a random moment, then verify that the repository survived.
 */
final class CrashState {
    static final String PASSWORD = "crash-test";

    /** How a killed run ended, by what it left behind, for the figures. */
    enum Outcome {
        FINISHED_BEFORE_KILL,
        KILLED_HOLDING_THE_LOCK,
        KILLED_AFTER_WRITING_PACKS,
        KILLED_AFTER_WRITING_AN_INDEX,
        KILLED_AFTER_WRITING_THE_SNAPSHOT
    }

    private final CliProcess cli;
    private final Path dir;
    private final Path src;
    private final Map<String, String> env;
    private final Map<String, Map<String, String>> expected = new LinkedHashMap<>();
    private long lockedMillis;
    private long unreferenced;
    private int checkpointsWritten;

    private CrashState(CliProcess cli, Path dir) {
        this.cli = cli;
        this.dir = dir;
        this.src = dir.resolve("src");
        this.env = Map.of("HOLDFAST_REPOSITORY", dir.resolve("repo").toString(), "HOLDFAST_PASSWORD", PASSWORD);
    }

    /** A new repository with a first snapshot; measures how long the CLI takes to start and to back up. */
    static CrashState start(CliProcess cli, Path dir, Random rnd) throws Exception {
        CrashState s = new CrashState(cli, dir);
        Files.createDirectories(s.src.resolve("docs"));
        for (int i = 0; i < 40; i++) {
            byte[] b = new byte[rnd.nextInt(16 << 10)];
            rnd.nextBytes(b);
            Files.write(s.src.resolve("docs/doc-" + i + ".bin"), b);
        }
        s.changeSource(rnd);
        s.ok("init");
        s.backup(); // warms the page cache; the next one is measured
        s.changeSource(rnd);
        Process p = s.start(CrashOperation.BACKUP);
        long locked = s.awaitLock(p, Set.of());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        s.lockedMillis = Math.max(1, (System.nanoTime() - locked) / 1_000_000);
        assertThat(p.exitValue()).isZero();
        try (Holdfast h = Survival.open(s.dir.resolve("repo"), PASSWORD)) {
            List<String> added = new ArrayList<>(Survival.snapshots(h));
            added.removeAll(s.expected.keySet());
            assertThat(added).hasSize(1);
            s.expected.put(added.get(0), Survival.describe(s.src));
        }
        return s;
    }

    Path source() {
        return src;
    }

    /** How long a backup holds the repository lock, measured on the first trial-sized backup. */
    long lockedMillis() {
        return lockedMillis;
    }

    /** A new checkpoint of 3 to 8 MiB and an edited document; the oldest checkpoints go, two are kept. */
    void changeSource(Random rnd) throws IOException {
        Path checkpoints = Files.createDirectories(src.resolve("checkpoints"));
        byte[] b = new byte[(3 << 20) + rnd.nextInt(5 << 20)];
        rnd.nextBytes(b);
        Files.write(checkpoints.resolve(String.format("step-%05d.bin", checkpointsWritten++)), b);
        Files.writeString(src.resolve("docs/notes.txt"), "edit " + rnd.nextLong() + "\n");
        List<Path> all;
        try (Stream<Path> s = Files.list(checkpoints)) {
            all = s.sorted().toList();
        }
        for (int i = 0; i < all.size() - 2; i++) {
            Files.delete(all.get(i));
        }
    }

    /**
     * Runs {@code op} and kills it at a moment drawn uniformly from the time it holds the repository lock (plus a
     * tenth, so that some runs finish): before the lock it has not touched the repository. Then verifies that nothing
     * was lost.
     */
    Outcome trial(CrashOperation op, Random rnd, String context) throws Exception {
        op.prepare(this, rnd);
        Map<String, String> pending = Survival.describe(src);
        List<String> before = new ArrayList<>(expected.keySet());
        Map<String, Integer> filesBefore = countFiles();
        Set<String> locksBefore = lockFiles();

        long delay = (long) (rnd.nextDouble() * lockedMillis * 1.1);
        Process p = start(op);
        long locked = awaitLock(p, locksBefore);
        Thread.sleep(Math.max(0, delay - (System.nanoTime() - locked) / 1_000_000));
        boolean finished = !p.isAlive();
        p.destroyForcibly();
        p.waitFor();
        String ctx = context + ", " + op + " killed " + delay + " ms after locking";
        if (finished) {
            assertThat(p.exitValue())
                    .as("%s finished: %s", ctx, Files.readString(dir.resolve("killed.err")))
                    .isZero();
        }
        Map<String, Integer> filesAfter = countFiles();
        Set<String> locksLeft = lockFiles();
        locksLeft.removeAll(locksBefore);

        try (Holdfast h = Survival.open(dir.resolve("repo"), PASSWORD)) {
            // the killed process's lock names a PID that is gone: it must not block even an exclusive lock
            RepositoryLock.acquire(h.repository(), true, Clock.systemDefaultZone())
                    .close();
            List<String> after = Survival.snapshots(h);
            Set<String> removed = new HashSet<>(before);
            removed.removeAll(after);
            assertThat(op.mayRemove(before)).as("snapshots removed, %s", ctx).containsAll(removed);
            List<String> added = new ArrayList<>(after);
            added.removeAll(before);
            assertThat(added.size()).as("snapshots added, %s", ctx).isLessThanOrEqualTo(op.mayAdd());
            expected.keySet().removeAll(removed);
            added.forEach(id -> expected.put(id, pending));
            Survival.assertRestores(h, expected, src, dir, ctx);
        }
        List<String> warnings = Survival.assertCheckClean(cli.run(env, "check", "--read-data"), ctx);
        backup();
        Outcome outcome = finished ? Outcome.FINISHED_BEFORE_KILL : outcome(filesBefore, filesAfter);
        long unreferencedNow = warnings.stream()
                .filter(w -> w.contains("not referenced in any index"))
                .count();
        if (op == CrashOperation.BACKUP) {
            // the write order at work: packs a killed backup wrote stay unreferenced only if it died before its index
            long newPacks = outcome == Outcome.KILLED_AFTER_WRITING_PACKS
                    ? filesAfter.get("data") - filesBefore.get("data")
                    : 0;
            assertThat(unreferencedNow - unreferenced)
                    .as("new unreferenced packs, %s", ctx)
                    .isEqualTo(newPacks);
        }
        unreferenced = unreferencedNow;
        if (outcome == Outcome.KILLED_HOLDING_THE_LOCK) {
            assertThat(locksLeft).as("the killed run's lock, %s", ctx).hasSize(1);
            String lock = locksLeft.iterator().next().substring(0, 8);
            assertThat(warnings)
                    .as("check names the stale lock, %s", ctx)
                    .anyMatch(w -> w.startsWith("warning: lock " + lock + ": stale"));
        }
        return outcome;
    }

    private static Outcome outcome(Map<String, Integer> before, Map<String, Integer> after) {
        if (after.get("snapshots") > before.get("snapshots")) {
            return Outcome.KILLED_AFTER_WRITING_THE_SNAPSHOT;
        }
        if (after.get("index") > before.get("index")) {
            return Outcome.KILLED_AFTER_WRITING_AN_INDEX;
        }
        return after.get("data") > before.get("data")
                ? Outcome.KILLED_AFTER_WRITING_PACKS
                : Outcome.KILLED_HOLDING_THE_LOCK;
    }

    private Process start(CrashOperation op) throws IOException {
        return cli.start(
                env,
                dir.resolve("killed.out"),
                dir.resolve("killed.err"),
                op.args(this).toArray(String[]::new));
    }

    /**
     * Waits until the process has written a lock file (one not in {@code earlier}: stale locks of killed runs stay),
     * or has exited; returns the time, as {@link System#nanoTime}.
     */
    private long awaitLock(Process p, Set<String> earlier) throws Exception {
        while (p.isAlive() && !lockFiles().stream().anyMatch(f -> !earlier.contains(f))) {
            Thread.sleep(2);
        }
        return System.nanoTime();
    }

    private Set<String> lockFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("repo/locks"))) {
            return s.map(f -> f.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .collect(java.util.stream.Collectors.toCollection(HashSet::new));
        }
    }

    /** Files (not temporary ones) in snapshots/, index/ and below data/. */
    private Map<String, Integer> countFiles() throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String type : List.of("snapshots", "index", "data")) {
            try (Stream<Path> s = Files.walk(dir.resolve("repo").resolve(type))) {
                out.put(type, (int) s.filter(f -> Files.isRegularFile(f)
                                && !f.getFileName().toString().startsWith("."))
                        .count());
            }
        }
        return out;
    }

    /** A backup that must succeed; its snapshot holds the source as it is now. */
    private void backup() throws Exception {
        CliProcess.Result r = ok("--json", "backup", "--pack-size", "4", src.toString());
        expected.put(Survival.snapshotId(r), Survival.describe(src));
    }

    private CliProcess.Result ok(String... args) throws Exception {
        CliProcess.Result r = cli.run(env, args);
        assertThat(r.exit())
                .as("holdfast %s%nstderr: %s", String.join(" ", args), r.err())
                .isZero();
        return r;
    }
}
