package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.client.Holdfast;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast unlock}: removes stale locks. */
@Command(
        name = "unlock",
        description = "Remove stale locks (older than 30 minutes, or of a process gone from this host).")
public final class UnlockCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(names = "--remove-all", description = "Remove all locks, even ones in use.")
    boolean all;

    public UnlockCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        int n;
        try (Holdfast h = Repos.open(globals)) {
            n = h.unlock(all);
        }
        globals.output().info("removed " + n + " lock" + (n == 1 ? "" : "s"));
        return ExitCode.OK;
    }
}
