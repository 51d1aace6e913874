package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.progress.Progress;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.client.pg.Postgres;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast pg backup}: a base backup of a running PostgreSQL cluster. */
@Command(
        name = "backup",
        description = {
            "Take a base backup of a running PostgreSQL cluster (15 or later) into a new snapshot.",
            "Runs on the database host as a user that can read the data directory (postgres, or root): the backup"
                    + " is started and stopped with pg_backup_start/pg_backup_stop over --dsn and the data directory"
                    + " is read as files, so relation files unchanged since the previous base backup are not read"
                    + " again. The WAL the backup needs is included; the snapshot is tagged pg-base. Restic can"
                    + " restore its files."
        })
public final class PgBackupCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(
            names = "--dsn",
            required = true,
            paramLabel = "URI",
            description = "The cluster, as psql takes it: postgresql://USER[:PASSWORD]@HOST:PORT/DB (a superuser, or a"
                    + " role with pg_backup_start/stop and replication-slot rights).")
    String dsn = "";

    @Option(
            names = "--checkpoint",
            paramLabel = "fast|spread",
            description = "Start with an immediate checkpoint (fast) or a spread one (spread, default, as"
                    + " pg_basebackup).")
    String checkpoint = "spread";

    @Option(names = "--tag", paramLabel = "TAG[,TAG]", split = ",", description = "Add tags to the snapshot.")
    List<String> tags = new ArrayList<>();

    @Option(
            names = {"-H", "--host"},
            paramLabel = "HOST",
            description = "Host name to record (default: this machine's).")
    @Nullable
    String host;

    public PgBackupCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        if (!checkpoint.equals("fast") && !checkpoint.equals("spread")) {
            return usage("--checkpoint takes fast or spread, not " + checkpoint);
        }
        Output out = globals.output();
        ProgressCounters counters = new ProgressCounters();
        BackupOptions opts = BackupOptions.DEFAULTS.withTagsHostExcludes(tags, host, List.of());
        BackupResult r;
        try (Holdfast h = Repos.open(globals);
                Progress progress = globals.startProgress(counters)) {
            r = Postgres.backup(h, dsn, opts, checkpoint.equals("fast"), new CountingProgress(counters, out));
        }
        BackupCommand.print(out, r);
        return r.partial() ? ExitCode.BACKUP_PARTIAL : ExitCode.OK;
    }

    private int usage(String message) {
        throw new io.holdfast.cli.CliException(ExitCode.USAGE, message);
    }
}
