package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.GoDuration;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Holdfast;
import io.holdfast.client.pg.WalArchiver;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast pg archive}: continuous WAL archiving into the repository. */
@Command(
        name = "archive",
        description = {
            "Archive a PostgreSQL cluster's WAL into the repository continuously, for point-in-time recovery.",
            "Runs pg_receivewal (replication protocol, a physical replication slot) into a spool directory and every"
                    + " --interval stores what arrived as the next version of the cluster's WAL archive snapshot"
                    + " (tagged pg-wal; the previous version is removed), the segment being written included, so"
                    + " the recovery point lags the server by about one interval. WAL older than every base backup"
                    + " still in the repository is dropped from the archive. Stops on SIGTERM or Ctrl-C after a"
                    + " last batch; --once archives what was written until now and exits."
        })
public final class PgArchiveCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(
            names = "--dsn",
            required = true,
            paramLabel = "URI",
            description = "The cluster (a role with"
                    + " REPLICATION), as psql takes it: postgresql://USER[:PASSWORD]@HOST:PORT/DB.")
    String dsn = "";

    @Option(
            names = "--slot",
            paramLabel = "NAME",
            description = "Physical replication slot to stream from; created when missing (default: holdfast).")
    String slot = "holdfast";

    @Option(
            names = "--spool",
            paramLabel = "DIR",
            description = "Where received WAL waits for the next batch (default: ~/.cache/holdfast/pg-wal/SLOT).")
    @Nullable
    Path spool;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            description = "Time between batches, e.g. 10s, 1m (default: 10s); the recovery point objective is about"
                    + " this plus the time a batch takes.")
    String interval = "10s";

    @Option(names = "--once", description = "Archive the WAL written until now, then exit.")
    boolean once;

    public PgArchiveCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Output out = globals.output();
        Duration every = GoDuration.parse(interval);
        if (every.isNegative() || every.isZero()) {
            throw new io.holdfast.cli.CliException(ExitCode.USAGE, "--interval must be positive, not " + interval);
        }
        Path dir = spool != null ? spool : defaultSpool(slot);
        CountDownLatch stop = new CountDownLatch(1);
        try (Holdfast h = Repos.open(globals)) {
            WalArchiver archiver = new WalArchiver(
                    h,
                    dsn,
                    dir,
                    slot,
                    Clock.systemUTC(),
                    d -> stop.await(d.toMillis(), TimeUnit.MILLISECONDS),
                    line -> out.info(line));
            if (once) {
                archiver.once();
                return ExitCode.OK;
            }
            // SIGTERM and Ctrl-C end the loop: a last batch, then a normal exit (status 0, not the JVM's 143)
            for (String signal : java.util.List.of("TERM", "INT")) {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), sig -> stop.countDown());
            }
            out.info("archiving WAL of " + io.holdfast.client.pg.Postgres.redacted(dsn) + " through slot " + slot
                    + " every " + interval + " (spool " + dir + "); stop with SIGTERM or Ctrl-C");
            archiver.run(every, () -> stop.getCount() == 0);
        }
        return ExitCode.OK;
    }

    static Path defaultSpool(String slot) {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base =
                cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("holdfast").resolve("pg-wal").resolve(slot);
    }
}
