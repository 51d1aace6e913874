package io.holdfast.cli.commands;

import io.holdfast.cli.CliException;
import io.holdfast.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code holdfast mount}: not FUSE; says how {@code webdav} gives the same browsing. */
@Command(
        name = "mount",
        description = {
            "Not supported: Holdfast has no FUSE mount. Use 'holdfast webdav', which serves the same layout as"
                    + " restic's mount read-only over WebDAV, and mount that (mount -t davfs, Finder, Explorer)."
        })
public final class MountCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MOUNTPOINT", arity = "0..1", description = "Where restic would mount.")
    String mountpoint = "";

    @Override
    public Integer call() {
        throw new CliException(
                ExitCode.FATAL,
                "holdfast has no FUSE mount: run 'holdfast webdav' (the same /snapshots, /ids, /hosts and /tags"
                        + " layout, read-only, over WebDAV) and mount it"
                        + (mountpoint.isEmpty() ? "" : ": mount -t davfs http://127.0.0.1:8751/ " + mountpoint)
                        + " (davfs2), or use Finder or Explorer");
    }
}
