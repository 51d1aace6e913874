package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.client.ForgetResult;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.ForgetOptions;
import io.holdfast.engine.ForgetPolicy;
import io.holdfast.engine.KeepDuration;
import io.holdfast.engine.SnapshotFilter;
import io.holdfast.engine.SnapshotGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast forget}: removes snapshots by policy or by id, as restic's {@code forget}. */
@Command(
        name = "forget",
        description = {
            "Remove snapshots according to a policy, or the snapshots named.",
            "Snapshots are grouped (--group-by) and the --keep-* rules are applied to each group; a snapshot kept by"
                    + " any rule stays. Only snapshot files are removed: the data stays until prune.",
        })
public final class ForgetCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(
            paramLabel = "SNAPSHOT",
            description = "Snapshots to remove (id, id prefix or latest); the policy is not used then.")
    List<String> snapshots = new ArrayList<>();

    @Option(
            names = {"-l", "--keep-last"},
            paramLabel = "N",
            converter = Count.class,
            description = "Keep the last N snapshots.")
    int last;

    @Option(
            names = {"-H", "--keep-hourly"},
            paramLabel = "N",
            converter = Count.class,
            description = "Keep the last N hourly snapshots.")
    int hourly;

    @Option(
            names = {"-d", "--keep-daily"},
            paramLabel = "N",
            converter = Count.class,
            description = "Keep the last N daily snapshots.")
    int daily;

    @Option(
            names = {"-w", "--keep-weekly"},
            paramLabel = "N",
            converter = Count.class,
            description = "Keep the last N weekly snapshots.")
    int weekly;

    @Option(
            names = {"-m", "--keep-monthly"},
            paramLabel = "N",
            converter = Count.class,
            description = "Keep the last N monthly snapshots.")
    int monthly;

    @Option(
            names = {"-y", "--keep-yearly"},
            paramLabel = "N",
            converter = Count.class,
            description = "Keep the last N yearly snapshots.")
    int yearly;

    @Option(
            names = "--keep-within",
            paramLabel = "DURATION",
            converter = Duration.class,
            description = "Keep snapshots newer than DURATION (e.g. 1y5m7d2h) before the latest snapshot.")
    KeepDuration within = KeepDuration.ZERO;

    @Option(
            names = "--keep-within-hourly",
            paramLabel = "DURATION",
            converter = Duration.class,
            description = "Keep hourly snapshots newer than DURATION before the latest snapshot.")
    KeepDuration withinHourly = KeepDuration.ZERO;

    @Option(
            names = "--keep-within-daily",
            paramLabel = "DURATION",
            converter = Duration.class,
            description = "Keep daily snapshots newer than DURATION before the latest snapshot.")
    KeepDuration withinDaily = KeepDuration.ZERO;

    @Option(
            names = "--keep-within-weekly",
            paramLabel = "DURATION",
            converter = Duration.class,
            description = "Keep weekly snapshots newer than DURATION before the latest snapshot.")
    KeepDuration withinWeekly = KeepDuration.ZERO;

    @Option(
            names = "--keep-within-monthly",
            paramLabel = "DURATION",
            converter = Duration.class,
            description = "Keep monthly snapshots newer than DURATION before the latest snapshot.")
    KeepDuration withinMonthly = KeepDuration.ZERO;

    @Option(
            names = "--keep-within-yearly",
            paramLabel = "DURATION",
            converter = Duration.class,
            description = "Keep yearly snapshots newer than DURATION before the latest snapshot.")
    KeepDuration withinYearly = KeepDuration.ZERO;

    @Option(
            names = "--keep-tag",
            paramLabel = "TAG[,TAG]",
            description = "Keep snapshots that have all these tags (repeatable).")
    List<String> keepTags = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST", description = "Only consider snapshots of this host (repeatable).")
    List<String> hosts = new ArrayList<>();

    @Option(
            names = "--tag",
            paramLabel = "TAG[,TAG]",
            description = "Only consider snapshots that have all these tags (repeatable: any list).")
    List<String> tags = new ArrayList<>();

    @Option(
            names = "--path",
            paramLabel = "PATH",
            description = "Only consider snapshots that include this path (repeatable).")
    List<String> paths = new ArrayList<>();

    @Option(
            names = {"-g", "--group-by"},
            paramLabel = "GROUP",
            converter = GroupBy.class,
            defaultValue = "host,paths",
            description = "Group snapshots by host, paths and/or tags, comma-separated; '' for one group"
                    + " (default: ${DEFAULT-VALUE}).")
    SnapshotGroups.GroupBy groupBy = SnapshotGroups.GroupBy.DEFAULT;

    @Option(
            names = {"-n", "--dry-run"},
            description = "Remove nothing; print what would be removed.")
    boolean dryRun;

    @Option(names = "--prune", description = "Run prune after snapshots were removed.")
    boolean prune;

    @Option(
            names = {"-c", "--compact"},
            description = "Fewer columns in the tables.")
    boolean compact;

    public ForgetCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        ForgetPolicy.Builder policy = ForgetPolicy.builder()
                .keepLast(last)
                .keep(ForgetPolicy.Period.HOURLY, hourly)
                .keep(ForgetPolicy.Period.DAILY, daily)
                .keep(ForgetPolicy.Period.WEEKLY, weekly)
                .keep(ForgetPolicy.Period.MONTHLY, monthly)
                .keep(ForgetPolicy.Period.YEARLY, yearly)
                .keepWithin(within)
                .keepWithin(ForgetPolicy.Period.HOURLY, withinHourly)
                .keepWithin(ForgetPolicy.Period.DAILY, withinDaily)
                .keepWithin(ForgetPolicy.Period.WEEKLY, withinWeekly)
                .keepWithin(ForgetPolicy.Period.MONTHLY, withinMonthly)
                .keepWithin(ForgetPolicy.Period.YEARLY, withinYearly);
        keepTags.forEach(t -> policy.keepTag(SnapshotFilter.tagList(t)));
        SnapshotFilter filter = new SnapshotFilter(
                hosts, tags.stream().map(SnapshotFilter::tagList).toList(), paths);
        ForgetOptions opts = new ForgetOptions(policy.build(), filter, groupBy, snapshots, dryRun);
        ForgetResult result;
        try (Holdfast h = Repos.open(globals)) {
            result = h.forget(opts, prune);
        } catch (UnsupportedOperationException e) {
            throw new CliException(ExitCode.FATAL, String.valueOf(e.getMessage()), e);
        }
        new ForgetReport(globals.output(), compact).print(opts, result);
        return ExitCode.OK;
    }

    /** Converts a {@code --keep-*} count, which must not be negative. */
    static final class Count implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a number");
            }
            if (n < 0) {
                throw new CommandLine.TypeConversionException("must not be negative, got " + n);
            }
            return n;
        }
    }

    /** Converts a {@code --keep-within*} duration such as {@code 1y2m3d4h}. */
    static final class Duration implements CommandLine.ITypeConverter<KeepDuration> {
        @Override
        public KeepDuration convert(String value) {
            try {
                return KeepDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(String.valueOf(e.getMessage()));
            }
        }
    }

    /** Converts {@code --group-by}. */
    static final class GroupBy implements CommandLine.ITypeConverter<SnapshotGroups.GroupBy> {
        @Override
        public SnapshotGroups.GroupBy convert(String value) {
            try {
                return SnapshotGroups.GroupBy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(String.valueOf(e.getMessage()));
            }
        }
    }
}
