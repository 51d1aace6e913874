package io.holdfast.cli.commands;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** restic's exclude options, shared by {@code backup} and {@code rewrite}: {@code -e}, {@code --iexclude}, {@code --exclude-file}. */
public final class ExcludeOptions {
    @Option(
            names = {"-e", "--exclude"},
            paramLabel = "PATTERN",
            description = "Exclude matching paths (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--iexclude", paramLabel = "PATTERN", description = "Like --exclude, ignoring case.")
    List<String> iexcludes = new ArrayList<>();

    @Option(names = "--exclude-file", paramLabel = "FILE", description = "Read exclude patterns from FILE.")
    List<Path> excludeFiles = new ArrayList<>();
}
