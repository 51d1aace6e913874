package io.holdfast.cli.commands;

import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.cli.output.Formats;
import io.holdfast.cli.output.Output;
import io.holdfast.client.Holdfast;
import io.holdfast.client.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast stats}: sizes of snapshots. */
@Command(name = "stats", description = "Show sizes: restore-size (what a restore writes) or raw-data (what is stored).")
public final class StatsCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshots to count (default: all).")
    List<String> snapshots = new ArrayList<>();

    @Option(names = "--mode", defaultValue = "restore-size", description = "restore-size or raw-data")
    String mode = "restore-size";

    public StatsCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        Stats.Mode m = switch (mode) {
            case "restore-size" -> Stats.Mode.RESTORE_SIZE;
            case "raw-data" -> Stats.Mode.RAW_DATA;
            default ->
                throw new IllegalArgumentException("--mode must be restore-size or raw-data, not '" + mode + "'");
        };
        Stats s;
        try (Holdfast h = Repos.open(globals)) {
            s = h.stats(snapshots, m);
        }
        Output out = globals.output();
        if (out.json()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("total_size", s.totalSize());
            if (m == Stats.Mode.RESTORE_SIZE) {
                j.put("total_file_count", s.files());
            } else {
                j.put("total_uncompressed_size", s.uncompressedSize());
                j.put("total_blob_count", s.blobs());
                j.put("compression_ratio", s.ratio());
            }
            j.put("snapshots_count", s.snapshots());
            out.emit(j);
        } else {
            out.print("Stats in " + mode + " mode:");
            out.print("     Snapshots processed:  " + s.snapshots());
            if (m == Stats.Mode.RESTORE_SIZE) {
                out.print("        Total File Count:  " + s.files());
                out.print("              Total Size:  " + Formats.bytes(s.totalSize()));
            } else {
                out.print("        Total Blob Count:  " + s.blobs());
                out.print(" Total Uncompressed Size:  " + Formats.bytes(s.uncompressedSize()));
                out.print("              Total Size:  " + Formats.bytes(s.totalSize()));
                out.print("    Compression/Dedup Ratio:  " + String.format("%.2fx", s.ratio()));
            }
        }
        return ExitCode.OK;
    }
}
