package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code holdfast repair index|snapshots|packs}: repairs a damaged repository. */
@Command(
        name = "repair",
        description = {
            "Repair a damaged repository, or bring back deleted files from a versioned bucket (repair undelete).",
            "'repair index' rebuilds the index from the packs, 'repair packs' salvages damaged packs, 'repair "
                    + "snapshots' removes missing data from snapshots. The usual order after 'check' reports damage: "
                    + "repair index; repair packs ID... (for packs 'check --read-data' reports damaged); repair "
                    + "snapshots --forget; check --read-data."
        },
        subcommands = {
            RepairIndexCommand.class,
            RepairSnapshotsCommand.class,
            RepairPacksCommand.class,
            RepairUndeleteCommand.class
        })
public final class RepairCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    public RepairCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() {
        globals.output().warn("use one of: repair index, repair snapshots, repair packs, repair undelete");
        return ExitCode.USAGE;
    }
}
