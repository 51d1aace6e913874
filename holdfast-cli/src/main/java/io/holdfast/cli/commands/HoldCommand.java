package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.output.Table;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Snapshots;
import io.holdfast.engine.retention.Holds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast hold add|remove|list}: legal holds on snapshots (docs/design.md §2.3). */
@Command(
        name = "hold",
        description = {
            "Legal holds: a held snapshot is kept by forget and prune, and on S3 with Object Lock every file it needs"
                    + " gets a legal hold nobody can delete through. Each change is recorded (who, when, why) in the"
                    + " repository."
        },
        subcommands = {HoldCommand.Add.class, HoldCommand.Remove.class, HoldCommand.ListHolds.class})
public final class HoldCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    public HoldCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() {
        globals.output().warn("use one of: hold add, hold remove, hold list");
        return ExitCode.USAGE;
    }

    static String user(GlobalOptions g) {
        String u = g.environment().firstEnv("HOLDFAST_USER", "USER", "LOGNAME");
        return u == null ? System.getProperty("user.name", "") : u;
    }

    @Command(name = "add", description = "Put a snapshot under a legal hold.")
    static final class Add implements Callable<Integer> {
        private final GlobalOptions globals;

        @Parameters(paramLabel = "SNAPSHOT", description = "The snapshot (an id, a prefix of one, or latest).")
        String snapshot = "";

        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why (recorded).")
        String reason = "";

        Add(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            Output out = globals.output();
            try (Holdfast h = Repos.open(globals)) {
                Snapshots.Ref ref = h.snapshot(snapshot);
                int files = h.immutability()
                        .hold(ref, reason, user(globals), new MaintenanceReporter(new ProgressCounters(), out));
                out.print("snapshot " + ref.id().hex().substring(0, 8) + " is under a legal hold"
                        + (h.immutability().locking().isPresent()
                                ? "; " + files + " files held on the storage"
                                : " (this storage cannot hold files: forget and prune keep it)"));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", description = "Lift the legal hold of a snapshot.")
    static final class Remove implements Callable<Integer> {
        private final GlobalOptions globals;

        @Parameters(paramLabel = "SNAPSHOT", description = "The snapshot.")
        String snapshot = "";

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded).")
        String reason = "";

        Remove(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            Output out = globals.output();
            try (Holdfast h = Repos.open(globals)) {
                Snapshots.Ref ref = h.snapshot(snapshot);
                int files = h.immutability()
                        .release(ref, reason, user(globals), new MaintenanceReporter(new ProgressCounters(), out));
                out.print("lifted the legal hold of snapshot " + ref.id().hex().substring(0, 8)
                        + (h.immutability().locking().isPresent() ? " from " + files + " files" : ""));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "list", description = "List the holds in force (--all: every recorded change).")
    static final class ListHolds implements Callable<Integer> {
        private final GlobalOptions globals;

        @Option(names = "--all", description = "Show the whole log: every hold added and lifted.")
        boolean all;

        ListHolds(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            Output out = globals.output();
            List<Holds.Event> events;
            try (Holdfast h = Repos.open(globals)) {
                events = all
                        ? h.immutability().holdLog()
                        : new ArrayList<>(h.immutability().holds().values());
            }
            if (out.json()) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (Holds.Event e : events) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("snapshot", e.snapshot().hex());
                    m.put("action", e.action().name().toLowerCase(java.util.Locale.ROOT));
                    m.put("reason", e.reason());
                    m.put("user", e.user());
                    m.put("host", e.host());
                    m.put("time", e.time().toString());
                    list.add(m);
                }
                out.emit(list);
                return ExitCode.OK;
            }
            Table t = all
                    ? new Table("Snapshot", "Action", "Time", "User", "Host", "Reason")
                    : new Table("Snapshot", "Since", "User", "Host", "Reason");
            for (Holds.Event e : events) {
                String id = e.snapshot().hex().substring(0, 8);
                if (all) {
                    t.row(
                            id,
                            e.action().name().toLowerCase(java.util.Locale.ROOT),
                            e.time(),
                            e.user(),
                            e.host(),
                            e.reason());
                } else {
                    t.row(id, e.time(), e.user(), e.host(), e.reason());
                }
            }
            t.footer(events.size() + (all ? " changes" : " holds"));
            t.render().forEach(out::print);
            return ExitCode.OK;
        }
    }
}
