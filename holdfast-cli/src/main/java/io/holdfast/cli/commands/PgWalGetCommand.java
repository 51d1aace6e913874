package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.client.Holdfast;
import io.holdfast.client.pg.Postgres;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast pg wal-get}: PostgreSQL's restore_command. */
@Command(
        name = "wal-get",
        description = {
            "Write one archived WAL file for PostgreSQL's recovery: restore_command = 'holdfast ... pg wal-get"
                    + " --system-id ID %f %p' (holdfast pg restore writes it).",
            "Exits 0 when the file was written, 1 when the archive does not hold it (the end of the archive, for"
                    + " PostgreSQL). The following segments are fetched ahead into --spool, so most calls do not"
                    + " open the repository."
        })
public final class PgWalGetCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(names = "--system-id", required = true, paramLabel = "ID", description = "The cluster's system identifier.")
    String systemId = "";

    @Option(
            names = "--spool",
            paramLabel = "DIR",
            description = "Where segments fetched ahead wait (default: pg_wal/holdfast-prefetch, below the data"
                    + " directory recovery runs in).")
    @Nullable
    Path spool;

    @Option(names = "--prefetch", paramLabel = "N", description = "Segments to fetch ahead (default: 16; 0 for none).")
    int prefetch = 16;

    @Parameters(index = "0", paramLabel = "NAME", description = "The WAL file name (%f).")
    String name = "";

    @Parameters(index = "1", paramLabel = "PATH", description = "Where to write it (%p).")
    Path target = Path.of("");

    public PgWalGetCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Path dir = spool != null ? spool : Path.of("pg_wal", "holdfast-prefetch");
        if (Postgres.walFromSpool(name, target, dir)) {
            return ExitCode.OK;
        }
        boolean found;
        try (Holdfast h = Repos.open(globals)) {
            found = Postgres.walGet(h, systemId, name, target, dir, prefetch);
        }
        if (!found) {
            globals.output().warn(name + " is not in the WAL archive of cluster " + systemId);
            return ExitCode.FATAL;
        }
        return ExitCode.OK;
    }
}
