package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.output.Table;
import io.holdfast.cli.progress.ProgressCounters;
import io.holdfast.client.Holdfast;
import io.holdfast.client.Immutability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast lock extend|status}: the Object Lock of a repository on S3 (docs/design.md §2.2). */
@Command(
        name = "lock",
        description = {
            "Object Lock of a repository created with 'init --object-lock'.",
            "'lock extend' keeps every file that live snapshots need locked at least the repository's period ahead"
                    + " (run it at least once per generation, a tenth of the period; it never shortens a lock);"
                    + " 'lock status' shows coverage and the locks that end soonest."
        },
        subcommands = {LockCommand.Extend.class, LockCommand.Status.class})
public final class LockCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    public LockCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() {
        globals.output().warn("use one of: lock extend, lock status");
        return ExitCode.USAGE;
    }

    @Command(name = "extend", description = "Extend the locks of the files live snapshots need.")
    static final class Extend implements Callable<Integer> {
        private final GlobalOptions globals;

        @Option(
                names = {"-n", "--dry-run"},
                description = "Only say what would be extended.")
        boolean dryRun;

        Extend(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            Output out = globals.output();
            var reporter = new MaintenanceReporter(new ProgressCounters(), out);
            try (Holdfast h = Repos.open(globals)) {
                Immutability.ExtendPlan plan = h.immutability().planExtend(reporter);
                int extended = dryRun ? 0 : h.immutability().extend(plan, reporter);
                if (out.json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("message_type", "summary");
                    m.put("mode", plan.mode());
                    m.put("days", plan.days());
                    m.put("needed_files", plan.needed());
                    m.put("to_extend", plan.toExtend());
                    m.put("extended", extended);
                    m.put("retain_until", plan.target().toString());
                    m.put("missing", plan.missing());
                    m.put("dry_run", dryRun);
                    out.emit(m);
                } else {
                    for (String missing : plan.missing()) {
                        out.warn("needed file " + missing + " does not exist (run 'holdfast check')");
                    }
                    out.print(plan.needed() + " files live snapshots need; " + plan.toExtend()
                            + " locked for less than " + plan.days() + " days from now");
                    out.print(
                            dryRun
                                    ? "would extend " + plan.toExtend() + " locks to " + plan.target()
                                    : "extended " + extended + " locks to " + plan.target() + " (" + plan.mode() + ")");
                }
                return plan.missing().isEmpty() ? ExitCode.OK : ExitCode.FATAL;
            }
        }
    }

    @Command(name = "status", description = "Show lock coverage and the locks that end soonest.")
    static final class Status implements Callable<Integer> {
        private final GlobalOptions globals;

        @Option(
                names = "--limit",
                paramLabel = "N",
                description = "How many of the soonest-ending locks to show (default 10).",
                defaultValue = "10")
        int limit = 10;

        Status(GlobalOptions globals) {
            this.globals = globals;
        }

        @Override
        public Integer call() throws Exception {
            Output out = globals.output();
            Immutability.StatusReport r;
            try (Holdfast h = Repos.open(globals)) {
                r = h.immutability().status(Math.max(0, limit), new MaintenanceReporter(new ProgressCounters(), out));
            }
            if (out.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("mode", r.mode());
                m.put("days", r.days());
                m.put("generation_days", r.generationDays());
                m.put("files", r.files());
                m.put("needed_files", r.needed());
                m.put("needed_locked", r.neededLocked());
                m.put("below_period", r.belowPeriod());
                m.put("legal_holds", r.held());
                m.put("unlocked", r.unlocked());
                List<Map<String, Object>> soonest = new ArrayList<>();
                for (Immutability.FileLock f : r.soonest()) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("path", f.path());
                    e.put("mode", f.mode());
                    e.put("retain_until", f.until().toString());
                    e.put("legal_hold", f.legalHold());
                    soonest.add(e);
                }
                m.put("soonest", soonest);
                out.emit(m);
            } else {
                out.print(
                        r.mode() == null
                                ? "object lock: not configured for this repository"
                                : "object lock: " + r.mode() + ", " + r.days() + " days (generations of "
                                        + r.generationDays() + " days)");
                out.print("files: " + r.files() + ", needed by snapshots: " + r.needed() + ", of which locked: "
                        + r.neededLocked() + coverage(r));
                out.print("locked for less than the period: " + r.belowPeriod()
                        + (r.belowPeriod() > 0 ? " (run 'holdfast lock extend')" : ""));
                out.print("under a legal hold: " + r.held());
                out.print("should be locked and are not: " + r.unlocked().size());
                for (String u : r.unlocked()) {
                    out.verbose(1, "  " + u);
                }
                if (!r.soonest().isEmpty()) {
                    out.print("");
                    Table t = new Table("File", "Mode", "Retain until", "Hold");
                    for (Immutability.FileLock f : r.soonest()) {
                        t.row(f.path(), f.mode(), f.until().toString(), f.legalHold() ? "on" : "");
                    }
                    t.render().forEach(out::print);
                }
            }
            return r.unlocked().isEmpty() ? ExitCode.OK : ExitCode.FATAL;
        }

        private static String coverage(Immutability.StatusReport r) {
            return r.needed() == 0 ? "" : String.format(" (%.1f%%)", 100.0 * r.neededLocked() / r.needed());
        }
    }
}
