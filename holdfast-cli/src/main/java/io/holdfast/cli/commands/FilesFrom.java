package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * restic's {@code backup --files-from}, {@code --files-from-verbatim} and {@code --files-from-raw}: paths to back
 * up read from files ({@code -} for standard input), added to those on the command line.
 */
public final class FilesFrom {
    @Option(
            names = "--files-from",
            paramLabel = "FILE",
            description = "Read the paths to back up from FILE, one per line; empty lines and lines starting with #"
                    + " are skipped (repeatable).")
    List<Path> lines = new ArrayList<>();

    @Option(
            names = "--files-from-verbatim",
            paramLabel = "FILE",
            description = "Read the paths to back up from FILE, one per line, taken as they are (repeatable).")
    List<Path> verbatim = new ArrayList<>();

    @Option(
            names = "--files-from-raw",
            paramLabel = "FILE",
            description = "Read the paths to back up from FILE, separated by NUL bytes, as find -print0 writes"
                    + " them (repeatable).")
    List<Path> raw = new ArrayList<>();

    /** The paths the files name, in the order given. */
    public List<String> paths() {
        List<String> out = new ArrayList<>();
        for (Path f : lines) {
            for (String l : read(f, "--files-from").split("\n", -1)) {
                String p = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
                if (!p.isBlank() && !p.startsWith("#")) {
                    out.add(p.strip());
                }
            }
        }
        for (Path f : verbatim) {
            for (String l : read(f, "--files-from-verbatim").split("\n", -1)) {
                if (!l.isEmpty()) {
                    out.add(l);
                }
            }
        }
        for (Path f : raw) {
            for (String l : read(f, "--files-from-raw").split("\0", -1)) {
                if (!l.isEmpty()) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    private static String read(Path f, String option) {
        try {
            byte[] b = f.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(f);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(
                    ExitCode.FATAL,
                    option + ": cannot read " + f + " ("
                            + java.util.Objects.requireNonNullElse(
                                    io.holdfast.engine.IoReasons.describe(e), String.valueOf(e.getMessage()))
                            + ")",
                    e);
        }
    }
}
