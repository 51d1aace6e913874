package io.holdfast.client.pg;

import io.holdfast.client.Holdfast;
import io.holdfast.engine.BackupResult;
import io.holdfast.storage.Sleeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Continuous WAL archiving: {@code pg_receivewal} streams WAL over the replication protocol into a spool directory
 * (a physical replication slot keeps the server from recycling what was not received), and every interval the
 * received files become the next version of the cluster's WAL archive snapshot, after which the older version is
 * removed and the archived complete segments leave the spool. The segment being written goes in too, as {@code
 * .partial}, so the archive lags the server by about one interval even when little is written.
 */
public final class WalArchiver {
    /** One batch's outcome, for the caller's log. */
    public record Batch(
            @Nullable BackupResult snapshot,
            int segments,
            int histories,
            boolean partial,
            String lsn,
            int dropped,
            int kept) {}

    private final Holdfast h;
    private final PgDsn dsn;
    private final Path spool;
    private final String slot;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<String> log;
    private @Nullable FileTime lastPartial;
    private @Nullable String lastPartialName;

    public WalArchiver(
            Holdfast h, String dsn, Path spool, String slot, Clock clock, Sleeper sleeper, Consumer<String> log) {
        this.h = h;
        this.dsn = PgDsn.parse(dsn);
        this.spool = spool;
        this.slot = slot;
        this.clock = clock;
        this.sleeper = sleeper;
        this.log = log;
    }

    /**
     * Archives until {@code stop} says so, a batch every {@code interval}, and once more before returning. A batch
     * that fails (the server restarting, the repository out of reach) is reported and tried again at the next
     * interval: the received WAL waits in the spool, and the slot keeps the server from recycling the rest.
     */
    public void run(Duration interval, java.util.function.BooleanSupplier stop)
            throws IOException, InterruptedException {
        try (PgCluster pg = PgCluster.connect(dsn)) {
            prepare(pg);
        }
        Process receiver = null;
        try {
            while (!stop.getAsBoolean()) {
                if (receiver == null || !receiver.isAlive()) {
                    if (receiver != null) {
                        log.accept("pg_receivewal exited with status " + receiver.exitValue() + " (" + lastLine()
                                + "); starting it again");
                    }
                    receiver = startReceiver(null);
                }
                sleeper.sleep(interval);
                tryBatch();
            }
        } finally {
            if (receiver != null) {
                receiver.destroy();
                receiver.waitFor(30, TimeUnit.SECONDS);
            }
        }
        tryBatch();
    }

    private void tryBatch() {
        try (PgCluster pg = PgCluster.connect(dsn)) {
            report(batch(pg));
        } catch (IOException | RuntimeException e) {
            log.accept("this batch failed, trying again at the next interval: " + e.getMessage());
        }
    }

    /** Receives everything written up to now, archives it as one batch and returns. */
    public Batch once() throws IOException, InterruptedException {
        try (PgCluster pg = PgCluster.connect(dsn)) {
            prepare(pg);
            String end = pg.required("SELECT pg_current_wal_flush_lsn()::text");
            Process p = startReceiver(end);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("pg_receivewal did not reach " + end + " within 10 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException("pg_receivewal failed with status " + p.exitValue() + ": " + lastLine());
            }
            Batch b = batch(pg);
            report(b);
            return b;
        }
    }

    private void report(Batch b) {
        if (b.snapshot() != null) {
            log.accept("archived " + b.segments() + " segment(s)" + (b.partial() ? " and the partial one" : "")
                    + (b.histories() > 0 ? ", " + b.histories() + " history file(s)" : "") + " up to LSN " + b.lsn()
                    + (b.dropped() > 0 ? ", " + b.dropped() + " older archive version(s) removed" : "")
                    + (b.kept() > 0
                            ? ", " + b.kept()
                                    + " older version(s) left for later (a lock held by another process, a legal hold, or storage that refuses deletes)"
                            : "")
                    + " (snapshot " + b.snapshot().snapshotId().hex().substring(0, 8) + ")");
        }
    }

    private void prepare(PgCluster pg) throws IOException {
        Files.createDirectories(spool);
        if (pg.text("SELECT slot_name FROM pg_replication_slots WHERE slot_name = ?", slot) == null) {
            pg.rows("SELECT pg_create_physical_replication_slot(?, true, false)", slot);
            log.accept("created the replication slot " + slot + " (drop it with pg_drop_replication_slot('" + slot
                    + "') when archiving stops for good, or the server keeps WAL for it)");
        }
    }

    private Process startReceiver(@Nullable String endLsn) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                PgTools.find("pg_receivewal"),
                "-D",
                spool.toString(),
                "-d",
                dsn.uri(),
                "--slot",
                slot,
                "--synchronous",
                "--no-loop",
                "--no-password"));
        if (endLsn != null) {
            cmd.add("--endpos=" + endLsn);
        }
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        spool.resolve("pg_receivewal.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    private String lastLine() {
        try {
            List<String> lines = Files.readAllLines(spool.resolve("pg_receivewal.log"));
            return lines.isEmpty() ? "no output" : lines.getLast().strip();
        } catch (IOException e) {
            return "no log";
        }
    }

    /** Archives what the spool holds, if anything changed since the last batch. */
    Batch batch(PgCluster pg) throws IOException {
        String system = pg.systemId();
        long segSize = pg.segmentSize();
        // everything before the slot's position was flushed to the spool (pg_receivewal --synchronous)
        String lsn = Objects.requireNonNullElse(
                pg.text("SELECT restart_lsn::text FROM pg_replication_slots WHERE slot_name = ?", slot), "0/0");
        List<Path> complete = new ArrayList<>();
        Path partial = null;
        try (Stream<Path> s = Files.list(spool)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (WalNames.isHistory(name) || (WalNames.isSegment(name) && Files.size(p) == segSize)) {
                    complete.add(p);
                } else if (name.endsWith(".partial") && WalNames.isSegment(name.substring(0, name.length() - 8))) {
                    partial = p; // sorted: the last one is the live one
                }
            }
        }
        FileTime partialTime = partial == null ? null : Files.getLastModifiedTime(partial);
        boolean partialChanged = partial != null
                && (!partial.getFileName().toString().equals(lastPartialName)
                        || !Objects.equals(partialTime, lastPartial));
        if (complete.isEmpty() && !partialChanged) {
            return new Batch(null, 0, 0, false, lsn, 0, 0);
        }
        List<Path> received = new ArrayList<>(complete);
        if (partial != null) {
            received.add(partial);
        }
        WalArchive.Stored stored = WalArchive.store(h, system, segSize, received, lsn);
        for (Path p : complete) {
            Files.deleteIfExists(p); // in the archive now
        }
        lastPartial = partialTime;
        lastPartialName = partial == null ? null : partial.getFileName().toString();
        int histories = (int) complete.stream()
                .filter(p -> WalNames.isHistory(p.getFileName().toString()))
                .count();
        return new Batch(
                stored.snapshot(),
                complete.size() - histories,
                histories,
                partial != null,
                lsn,
                stored.removed(),
                stored.kept());
    }

    /** The clock batches are timed by (for callers that report lag). */
    public Clock clock() {
        return clock;
    }
}
