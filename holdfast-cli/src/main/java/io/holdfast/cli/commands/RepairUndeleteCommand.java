package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Recovery;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast repair undelete --as-of TIME}: makes a versioned bucket's repository as it was then current. */
@Command(
        name = "undelete",
        description = {
            "Make the repository as it was at --as-of TIME current again, from the object versions of a versioned S3"
                    + " bucket: deleted files come back, overwritten files get their old content back. Files written"
                    + " after TIME are kept (--remove-newer hides them behind delete markers; their versions stay)."
                    + " Run it when nothing else uses the repository; then run 'holdfast check'."
        })
public final class RepairUndeleteCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(names = "--remove-newer", description = "Also hide the files written after TIME.")
    boolean removeNewer;

    public RepairUndeleteCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Instant asOf = globals.asOf();
        if (asOf == null) {
            throw new CliException(ExitCode.USAGE, "repair undelete needs --as-of TIME");
        }
        String location = globals.requireRepository();
        String password = globals.passwords().password();
        Recovery.Undeleted r = Recovery.undelete(location, password, asOf, removeNewer);
        Output out = globals.output();
        if (out.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "summary");
            m.put("as_of", asOf.toString());
            m.put("unchanged", r.unchanged());
            m.put("undeleted", r.undeleted());
            m.put("reverted", r.reverted());
            m.put("newer", r.newer());
            m.put("newer_removed", r.newerRemoved());
            out.emit(m);
        } else {
            out.print("repository as of " + asOf + ": " + r.undeleted() + " deleted files brought back, " + r.reverted()
                    + " overwritten files restored, " + r.unchanged() + " unchanged");
            if (r.newer() > 0) {
                out.print(r.newer() + " files written after " + asOf
                        + (r.newerRemoved()
                                ? " were hidden (their versions stay)"
                                : " were kept (--remove-newer hides them)"));
            }
            out.print("run 'holdfast check' next");
        }
        return ExitCode.OK;
    }
}
