package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code holdfast pg backup|archive|restore|wal-get}: PostgreSQL physical backup and point-in-time recovery. */
@Command(
        name = "pg",
        description = {
            "PostgreSQL physical backup with point-in-time recovery (PITR).",
            "'pg backup' takes a base backup of a running cluster, 'pg archive' streams its WAL into the repository"
                    + " continuously, 'pg restore' writes a data directory that recovers to a time (or to the end"
                    + " of the archive), fetching WAL through 'pg wal-get'. See docs/sources.md."
        },
        subcommands = {PgBackupCommand.class, PgArchiveCommand.class, PgRestoreCommand.class, PgWalGetCommand.class})
public final class PgCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    public PgCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() {
        globals.output().warn("use one of: pg backup, pg archive, pg restore, pg wal-get");
        return ExitCode.USAGE;
    }
}
