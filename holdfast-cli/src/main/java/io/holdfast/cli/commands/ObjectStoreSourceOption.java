package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import io.holdfast.cli.GlobalOptions;
import io.holdfast.client.Holdfast;
import io.holdfast.client.objectstore.ObjectStores;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code backup --source s3:URL}: back up the objects of a bucket (docs/sources.md, "Object stores"). */
public final class ObjectStoreSourceOption {
    @Option(
            names = "--source",
            paramLabel = "s3:URL",
            description = "Back up the objects below an S3 bucket and prefix instead of local files"
                    + " (s3:https://host/bucket/prefix, s3:http://host:port/bucket/prefix, s3:host/bucket/prefix;"
                    + " credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE). They are stored as"
                    + " /s3/BUCKET/KEY; objects whose ETag, size and time are unchanged since the parent snapshot are"
                    + " not fetched again. HOLDFAST_S3_CONNECTIONS requests run at once (default: 8). --exclude"
                    + " patterns and --exclude-larger-than apply to /s3/BUCKET/KEY paths.")
    @Nullable
    String location;

    /** Whether {@code --source} was given. */
    boolean given() {
        return location != null;
    }

    /** Fails with a usage error when {@code --source} is combined with options that name another source. */
    void checkAlone(BackupCommand c, boolean filesListed) {
        String other = null;
        if (!c.paths.isEmpty()) {
            other = "paths";
        } else if (c.stdin || c.stdinFromCommand) {
            other = c.stdin ? "--stdin" : "--stdin-from-command";
        } else if (filesListed) {
            other = "--files-from";
        } else if (c.promptLog != null && c.promptLog.enabled) {
            other = "--prompt-log";
        } else if (c.selection.oneFileSystem) {
            other = "--one-file-system";
        }
        if (other != null) {
            throw new CliException(ExitCode.USAGE, "--source cannot be used with " + other);
        }
        try {
            ObjectStores.check(String.valueOf(location));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "--source: " + e.getMessage());
        }
    }

    /** Backs up the objects into {@code h}. */
    BackupResult backup(GlobalOptions globals, Holdfast h, BackupOptions opts, BackupProgress progress)
            throws IOException {
        return ObjectStores.backup(h, String.valueOf(location), globals.storageEnvironment(), opts, progress);
    }
}
