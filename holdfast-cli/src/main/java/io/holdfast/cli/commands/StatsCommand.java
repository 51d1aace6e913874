package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Formats;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Holdfast;
import io.holdfast.client.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast stats}: sizes of snapshots, counted as restic counts them. */
@Command(
        name = "stats",
        description = {
            "Show sizes, counted as restic's stats does:",
            "  restore-size (default): every file and directory, and the bytes a restore writes;",
            "  files-by-contents: files with distinct contents and their bytes;",
            "  blobs-per-file: per file, its distinct chunks and their bytes;",
            "  raw-data: the distinct blobs referenced, as stored (with compression figures in a version 2"
                    + " repository)."
        })
public final class StatsCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshots to count (default: all).")
    List<String> snapshots = new ArrayList<>();

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            defaultValue = "restore-size",
            description = "restore-size, files-by-contents, blobs-per-file or raw-data")
    String mode = "restore-size";

    @Mixin
    SnapshotFilterOptions filter = new SnapshotFilterOptions();

    public StatsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Stats.Mode m = Stats.Mode.of(mode);
        if (m == null) {
            throw new CliException(
                    ExitCode.USAGE,
                    "unknown counting mode '" + mode
                            + "': use restore-size, files-by-contents, blobs-per-file or raw-data");
        }
        Output out = globals.output();
        out.info("scanning...");
        Stats s;
        try (Holdfast h = Repos.open(globals)) {
            s = h.stats(snapshots, filter.filter(), m);
        }
        if (out.json()) {
            out.emit(json(s));
            return ExitCode.OK;
        }
        out.print("Stats in " + m.modeName() + " mode:");
        out.print("     Snapshots processed:  " + s.snapshots());
        if (s.blobs() > 0) {
            out.print("        Total Blob Count:  " + s.blobs());
        }
        if (s.files() > 0) {
            out.print("        Total File Count:  " + s.files());
        }
        if (s.uncompressedSize() > 0) {
            out.print(" Total Uncompressed Size:  " + Formats.bytes(s.uncompressedSize()));
        }
        out.print("              Total Size:  " + Formats.bytes(s.totalSize()));
        if (s.compressionProgress() > 0) {
            out.print(String.format(Locale.ROOT, "    Compression Progress:  %.2f%%", s.compressionProgress()));
        }
        if (s.compressionRatio() > 0) {
            out.print(String.format(Locale.ROOT, "       Compression Ratio:  %.2fx", s.compressionRatio()));
        }
        if (s.compressionSpaceSaving() > 0) {
            out.print(String.format(Locale.ROOT, "Compression Space Saving:  %.2f%%", s.compressionSpaceSaving()));
        }
        return ExitCode.OK;
    }

    /** restic's (0.15 and later) {@code statsContainer}: zero values after {@code total_size} are left out. */
    static Map<String, Object> json(Stats s) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("total_size", s.totalSize());
        putNonZero(j, "total_uncompressed_size", s.uncompressedSize());
        putNonZero(j, "compression_ratio", s.compressionRatio());
        putNonZero(j, "compression_progress", s.compressionProgress());
        putNonZero(j, "compression_space_saving", s.compressionSpaceSaving());
        putNonZero(j, "total_file_count", s.files());
        putNonZero(j, "total_blob_count", s.blobs());
        j.put("snapshots_count", s.snapshots());
        return j;
    }

    private static void putNonZero(Map<String, Object> j, String name, Number value) {
        if (value.doubleValue() != 0) {
            j.put(name, value);
        }
    }
}
