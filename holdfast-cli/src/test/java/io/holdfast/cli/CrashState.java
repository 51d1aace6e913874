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
        KILLED_AFTER_WRITING_THE_SNAPSHOT,
        KILLED_AFTER_REMOVING_SNAPSHOTS,
        KILLED_AFTER_CHANGING_PACKS_OR_INDEX,
        KILLED_AFTER_RELEASING_THE_LOCK
    }

    private final CliProcess cli;
    private final Path dir;
    private final Path src;
    private final Map<String, String> env;
    private final Map<String, Map<String, String>> expected = new LinkedHashMap<>();
    private long lockedMillis;
    /** Per command, how long its last unkilled run held the lock; the kill moment is drawn from it. */
    private final Map<CrashOperation, Long> lockedMillisByOp = new java.util.EnumMap<>(CrashOperation.class);
    /** Per command, how many files its last unkilled run wrote or deleted in the repository. */
    private final Map<CrashOperation, Integer> changesByOp = new java.util.EnumMap<>(CrashOperation.class);

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
     * Runs {@code op} and kills it either at a moment drawn uniformly from the time it holds the repository lock (plus
     * a tenth, so that some runs finish; before the lock it has not touched the repository), or right after one of its
     * writes or deletes in the repository. Then verifies that nothing was lost.
     */
    Outcome trial(CrashOperation op, Random rnd, String context) throws Exception {
        op.prepare(this, rnd);
        Map<String, String> pending = Survival.describe(src);
        List<String> before = new ArrayList<>(expected.keySet());
        Map<String, Integer> filesBefore = countFiles();
        Set<String> locksBefore = lockFiles();

        // half the trials kill at a random moment of the time the command holds the lock, half right after its k-th
        // write or delete in the repository (k drawn up to the number its last run made): the moments that matter
        long delay = (long) (rnd.nextDouble() * lockedMillisByOp.getOrDefault(op, lockedMillis) * 1.1);
        int afterChanges = rnd.nextBoolean() ? 1 + rnd.nextInt(changesByOp.getOrDefault(op, 3)) : 0;
        Process p;
        boolean finished;
        long locked;
        int changes;
        try (RepositoryWatch watch = new RepositoryWatch(dir.resolve("repo"))) {
            p = start(op);
            locked = awaitLock(p, locksBefore);
            if (afterChanges > 0) {
                watch.awaitChanges(afterChanges, p, TimeUnit.MINUTES.toMillis(5));
                finished = !p.isAlive();
            } else {
                finished =
                        p.waitFor(Math.max(0, delay - (System.nanoTime() - locked) / 1_000_000), TimeUnit.MILLISECONDS);
            }
            p.destroyForcibly();
            p.waitFor();
            changes = watch.changes();
        }
        long ranMillis = (System.nanoTime() - locked) / 1_000_000;
        if (finished) {
            changesByOp.put(op, Math.max(1, changes));
        }
        String ctx = context + ", " + op + " killed "
                + (afterChanges > 0 ? "after repository change " + afterChanges : delay + " ms after locking");
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
        Outcome outcome = finished
                ? Outcome.FINISHED_BEFORE_KILL
                : locksLeft.isEmpty() ? Outcome.KILLED_AFTER_RELEASING_THE_LOCK : outcome(op, filesBefore, filesAfter);
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
        if (!finished && !locksLeft.isEmpty()) {
            assertThat(locksLeft).as("the killed run's lock, %s", ctx).hasSize(1);
            String lock = locksLeft.iterator().next().substring(0, 8);
            assertThat(warnings)
                    .as("check names the stale lock, %s", ctx)
                    .anyMatch(w -> w.startsWith("warning: lock " + lock + ": stale"));
        }
        // commands differ in length (forget is short, prune long) and so does the machine's load: learn each command's
        // length, from runs that finished, and from killed runs that had not changed anything yet (too early a kill)
        long estimate = lockedMillisByOp.getOrDefault(op, lockedMillis);
        if (finished) {
            lockedMillisByOp.put(op, Math.max(1, ranMillis));
        } else if (afterChanges == 0 && outcome == Outcome.KILLED_HOLDING_THE_LOCK) {
            lockedMillisByOp.put(op, Math.max(estimate, ranMillis * 2));
        }
        return outcome;
    }

    private static Outcome outcome(CrashOperation op, Map<String, Integer> before, Map<String, Integer> after) {
        if (op != CrashOperation.BACKUP) {
            if (after.get("snapshots") < before.get("snapshots")) {
                return Outcome.KILLED_AFTER_REMOVING_SNAPSHOTS;
            }
            return after.equals(before)
                    ? Outcome.KILLED_HOLDING_THE_LOCK
                    : Outcome.KILLED_AFTER_CHANGING_PACKS_OR_INDEX;
        }
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

    /** An unkilled {@code forget --keep-last N}; the snapshots it removes are no longer expected to restore. */
    void forget(int keep) throws Exception {
        ok("forget", "--keep-last", Integer.toString(keep));
        try (Holdfast h = Survival.open(dir.resolve("repo"), PASSWORD)) {
            expected.keySet().retainAll(Survival.snapshots(h));
        }
        assertThat(expected).hasSizeLessThanOrEqualTo(keep);
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
