package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.client.Holdfast;
import io.holdfast.engine.Tagger;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast tag}: changes snapshots' tags, as restic's {@code tag}. */
@Command(
        name = "tag",
        description = {
            "Change the tags of snapshots: replace them (--set), or add and remove some.",
            "When no SNAPSHOT is named, every snapshot passing --host, --tag and --path changes. Each changed snapshot"
                    + " is written again (its id changes; 'original' names the first one). Snapshots under a legal"
                    + " hold, and repositories under Object Lock, cannot change."
        })
public final class TagCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshot ids or prefixes, or latest.")
    List<String> snapshots = new ArrayList<>();

    @Option(
            names = "--set",
            paramLabel = "TAG[,TAG]",
            description = "Tags that replace the existing ones (repeatable).")
    List<String> set = new ArrayList<>();

    @Option(names = "--add", paramLabel = "TAG[,TAG]", description = "Tags to add (repeatable).")
    List<String> add = new ArrayList<>();

    @Option(names = "--remove", paramLabel = "TAG[,TAG]", description = "Tags to remove (repeatable).")
    List<String> remove = new ArrayList<>();

    @Mixin
    SnapshotFilterOptions filter = new SnapshotFilterOptions();

    public TagCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    private static List<String> split(List<String> lists) {
        return lists.stream()
                .flatMap(l -> Arrays.stream(l.split(",", -1)))
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .toList();
    }

    @Override
    public Integer call() throws Exception {
        Tagger.Change change = new Tagger.Change(split(set), split(add), split(remove));
        try {
            Tagger.check(change); // a usage error before the repository is opened
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
        }
        Holdfast.TagResult r;
        try (Holdfast h = Repos.open(globals)) {
            r = h.tag(snapshots, filter.filter(), change);
        } catch (IllegalStateException e) {
            throw new CliException(ExitCode.FATAL, String.valueOf(e.getMessage()), e);
        }
        PrintWriter err = globals.environment().err();
        for (String i : r.ignored()) {
            err.println("Ignoring " + i);
        }
        err.flush();
        if (!globals.quiet()) {
            globals.output()
                    .print(
                            r.changed().isEmpty()
                                    ? "no snapshots were modified"
                                    : "modified tags on " + r.changed().size() + " snapshots");
        }
        return ExitCode.OK;
    }
}
