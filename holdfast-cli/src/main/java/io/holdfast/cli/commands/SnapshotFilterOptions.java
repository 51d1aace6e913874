package io.holdfast.cli.commands;

import io.holdfast.engine.SnapshotFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * restic's snapshot filter options, {@code -H/--host}, {@code --tag} and {@code --path}, shared by the commands that
 * take them ({@code ls}, {@code restore}, {@code stats}, {@code snapshots}): they choose the snapshot {@code latest}
 * stands for, or the snapshots a command takes when none is named.
 */
public final class SnapshotFilterOptions {
    @Option(
            names = {"-H", "--host"},
            paramLabel = "HOST",
            description = "Only snapshots of this host (repeatable).")
    List<String> hosts = new ArrayList<>();

    @Option(
            names = "--tag",
            paramLabel = "TAG[,TAG]",
            description = "Only snapshots with all these tags (repeatable: any of the lists).")
    List<String> tags = new ArrayList<>();

    @Option(
            names = "--path",
            paramLabel = "PATH",
            description = "Only snapshots including this (absolute) path (repeatable: all of them).")
    List<String> paths = new ArrayList<>();

    /** The filter; paths are made absolute and clean, as restic does. */
    public SnapshotFilter filter() {
        return new SnapshotFilter(
                hosts,
                tags.stream().map(SnapshotFilter::tagList).toList(),
                paths.stream()
                        .map(p -> Path.of(p).toAbsolutePath().normalize().toString())
                        .toList());
    }
}
