package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.client.Holdfast;
import io.holdfast.client.Listing;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code holdfast list TYPE}: the ids of a type of repository file, or the index's blobs, as restic lists them. */
@Command(
        name = "list",
        description = "List objects in the repository, one per line: blobs (as 'data ID' or 'tree ID'), packs, index,"
                + " snapshots, keys or locks.")
public final class ListCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "TYPE",
            description = "blobs, packs, index, snapshots, keys or locks")
    @Nullable
    String type;

    public ListCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        if (type == null) {
            throw new CliException(
                    ExitCode.USAGE, "type not specified, usage: list [blobs|packs|index|snapshots|keys|locks]");
        }
        if (!Listing.TYPES.contains(type)) {
            throw new CliException(
                    ExitCode.USAGE, "invalid type '" + type + "': use one of " + String.join(", ", Listing.TYPES));
        }
        List<String> lines;
        try (Holdfast h = Repos.open(globals)) {
            lines = h.list(type);
        }
        PrintWriter out = globals.environment().out();
        for (String l : lines) {
            out.println(l);
        }
        out.flush();
        return ExitCode.OK;
    }
}
