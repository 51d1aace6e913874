package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.client.Holdfast;
import io.holdfast.client.Immutability;
import io.holdfast.client.InitOptions;
import io.holdfast.format.FormatJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast init}: creates a repository. */
@Command(name = "init", description = "Create a new repository.")
public final class InitCommand implements Callable<Integer> {
    private final GlobalOptions globals;

    @Option(
            names = "--repository-version",
            paramLabel = "VERSION",
            description = "Format version: 2 (default, compression) or 1 (readable by restic < 0.14).",
            defaultValue = "2")
    int version;

    @Option(
            names = "--chunker",
            paramLabel = "CHUNKER",
            description = "rabin (default: restic's chunker, dedups against restic-written snapshots) or fastcdc "
                    + "(faster chunking; restic still reads and restores everything).",
            defaultValue = "rabin")
    String chunker = "rabin";

    @Option(
            names = "--model-codec",
            description = "Store recognised model files (safetensors, ...) with the lossless model codec: tensors"
                    + " byte-grouped and zstd-compressed, as XOR deltas against the previous version where that is"
                    + " smaller. restic can still read and check the repository, but restores such files only as"
                    + " encoded blobs: Holdfast is needed to restore them.")
    boolean modelCodec;

    @Option(
            names = "--object-lock",
            paramLabel = "MODE",
            description = "Make the repository immutable with S3 Object Lock, mode compliance (nobody can delete or"
                    + " shorten a lock) or governance (only principals allowed to bypass governance can); needs"
                    + " --lock-days and a bucket with versioning and Object Lock (a missing bucket is created so).")
    @Nullable
    String objectLock;

    @Option(
            names = "--lock-days",
            paramLabel = "N",
            description = "With --object-lock: every file stays locked at least N days after it is written; files"
                    + " live snapshots need stay locked N days ahead while 'holdfast lock extend' runs at least"
                    + " once per generation (N/10 days).")
    @Nullable
    Integer lockDays;

    public InitCommand(GlobalOptions globals) {
        this.globals = globals;
    }

    @Override
    public Integer call() throws Exception {
        String location = globals.requireRepository();
        String password = globals.passwords().newPassword();
        var extensions = FormatJson.object();
        switch (chunker) {
            case "rabin" -> {}
            case "fastcdc" -> extensions.put("chunker", "fastcdc");
            default ->
                throw new CliException(ExitCode.USAGE, "--chunker must be rabin or fastcdc, not '" + chunker + "'");
        }
        if (modelCodec) {
            if (version < 2) {
                throw new CliException(ExitCode.USAGE, "--model-codec needs --repository-version 2");
            }
            extensions.put("model_codec", "v1");
        }
        if (objectLock != null || lockDays != null) {
            if (objectLock == null || lockDays == null) {
                throw new CliException(ExitCode.USAGE, "--object-lock and --lock-days go together");
            }
            try {
                Immutability.generationDays(objectLock, lockDays);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
            }
            var lock = extensions.putObject("object_lock");
            lock.put("mode", objectLock.strip().toLowerCase(java.util.Locale.ROOT));
            lock.put("days", lockDays);
        }
        InitOptions init = new InitOptions(version, extensions);
        if (!location.contains(":") && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(location))) {
            throw new CliException(
                    ExitCode.FATAL,
                    "cannot create a repository at " + location + ": it is a file, not a directory; give a new or"
                            + " empty directory");
        }
        try (Holdfast h =
                Holdfast.init(location, globals.storageEnvironment(), password, init, Repos.options(globals))) {
            String id = h.repository().config().id();
            var out = globals.output();
            if (out.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("message_type", "initialized");
                m.put("id", id);
                m.put("repository", location);
                m.put("version", version);
                m.put("model_codec", modelCodec);
                if (objectLock != null) {
                    m.put("object_lock", extensions.get("object_lock"));
                }
                out.emit(m);
            } else {
                out.info("created holdfast repository " + id.substring(0, 10) + " at " + location);
                out.info("");
                out.info("Please note that knowledge of your password is required to access the repository.");
                out.info("Losing your password means that your data is irrecoverably lost.");
                if (objectLock != null) {
                    out.info("");
                    out.info("Object Lock is on (" + objectLock + ", " + lockDays + " days): every file but lock"
                            + " files is written locked; run 'holdfast lock extend' at least every "
                            + Immutability.generationDays(objectLock, lockDays == null ? 1 : lockDays)
                            + " days to keep what snapshots need locked ahead.");
                }
                if (modelCodec) {
                    out.info("");
                    out.info("The model codec is on: restic can still read and check this repository, but it"
                            + " restores model files only as encoded blobs; Holdfast is needed to restore them.");
                }
            }
        }
        return ExitCode.OK;
    }
}
