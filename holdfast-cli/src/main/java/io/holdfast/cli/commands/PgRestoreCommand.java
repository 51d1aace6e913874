package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.TimeArg;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.client.pg.Postgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast pg restore}: a data directory set up to recover to a point in time. */
@Command(
        name = "restore",
        description = {
            "Restore a PostgreSQL base backup into an empty directory, set up to recover to --to-time or to the end"
                    + " of the WAL archive (--to-latest, the default).",
            "Writes recovery.signal and, in postgresql.auto.conf, restore_command (this program's 'pg wal-get' with"
                    + " this repository and password file or command), the recovery target and"
                    + " recovery_target_action = 'promote'. Start the server on the directory (pg_ctl -D DIR start)"
                    + " as the user that owns it; it replays WAL from the archive and opens for writes at the"
                    + " target. Without SNAPSHOT, the newest base backup that ended by the target is used."
        })
public final class PgRestoreCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SNAPSHOT", description = "A base backup's id.")
    @Nullable
    String snapshot;

    @Option(
            names = {"-t", "--target"},
            required = true,
            paramLabel = "DIR",
            description = "An empty or new directory.")
    Path target = Path.of("");

    @Option(
            names = "--to-time",
            paramLabel = "TIME",
            description = "Recover up to and including the transactions committed at this time (RFC 3339, or"
                    + " 'YYYY-MM-DD HH:MM:SS' in local time).")
    @Nullable
    String toTime;

    @Option(names = "--to-latest", description = "Recover to the end of the archive (the default).")
    boolean toLatest;

    @Option(
            names = "--system-id",
            paramLabel = "ID",
            description = "The cluster, when the repository holds base backups of several.")
    @Nullable
    String systemId;

    public PgRestoreCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        if (toTime != null && toLatest) {
            throw new CliException(ExitCode.USAGE, "--to-time and --to-latest cannot be used together");
        }
        Instant time = toTime == null ? null : TimeArg.parse(toTime, java.time.ZoneId.systemDefault());
        List<String> password = globals.passwordArgumentsForChild();
        if (password.isEmpty()) {
            throw new CliException(
                    ExitCode.USAGE,
                    "pg restore writes a restore_command that opens the repository in"
                            + " the PostgreSQL server's process: give the password with --password-file or"
                            + " --password-command (HOLDFAST_PASSWORD is not passed on)");
        }
        String repo = globals.requireRepository();
        Output out = globals.output();
        ProgressCounters counters = new ProgressCounters();
        Postgres.Restored r;
        try (Holdfast h = Repos.open(globals);
                Progress progress = globals.startProgress(counters)) {
            r = Postgres.restore(
                    h,
                    snapshot,
                    systemId,
                    time,
                    target.toAbsolutePath(),
                    system -> walGetCommand(repo, password, system),
                    new CountingProgress(counters, out));
        }
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "summary");
            m.put("snapshot_id", r.snapshotId());
            m.put("system_id", r.systemId());
            m.put("target", target.toAbsolutePath().toString());
            m.put("files_restored", r.files());
            m.put("recovery_settings", r.settings());
            out.emit(m);
        } else {
            out.print("restored base backup " + r.snapshotId().substring(0, 8) + " of cluster " + r.systemId() + " ("
                    + r.dataDirectory() + ") into " + target.toAbsolutePath() + ", " + r.files() + " files");
            out.print("recovery set up in postgresql.auto.conf:");
            r.settings().forEach(s -> out.print("  " + s));
            out.print("start it as the owner of the directory: pg_ctl -D " + target.toAbsolutePath() + " start");
        }
        return ExitCode.OK;
    }

    /** This program, run as PostgreSQL will run it: the launcher, or this JVM with its class path. */
    static String walGetCommand(String repo, List<String> password, String systemId) {
        List<String> cmd = new ArrayList<>();
        String launcher = System.getProperty("holdfast.launcher");
        if (launcher != null && !launcher.isBlank()) {
            cmd.add(launcher);
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("io.holdfast.cli.Main");
        }
        cmd.addAll(List.of("-r", repo, "-q"));
        cmd.addAll(password);
        cmd.addAll(List.of("pg", "wal-get", "--system-id", systemId));
        return String.join(" ", cmd.stream().map(PgRestoreCommand::shellQuote).toList());
    }

    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
