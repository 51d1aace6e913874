package io.holdfast.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.cli.ExitCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class DiskFullTest {
    @Test
    void recognisesAFullDiskAnywhereInTheChain() {
        assertThat(DiskFull.matches(new IOException("cannot write /r/data/ab/.tmp-x: No space left on device")))
                .isTrue();
        assertThat(DiskFull.matches(new FileSystemException("/r/locks/x", null, "Disk quota exceeded")))
                .isTrue();
        assertThat(DiskFull.matches(new UncheckedIOException(new IOException("write: ENOSPC"))))
                .isTrue();
        IOException last = new IOException("connection reset");
        last.addSuppressed(new IOException("No space left on device"));
        assertThat(DiskFull.matches(last)).isTrue();
    }

    @Test
    void otherErrorsAreNotAFullDisk() {
        assertThat(DiskFull.matches(new IOException("connection reset"))).isFalse();
        assertThat(DiskFull.matches(new IOException())).isFalse();
        assertThat(DiskFull.matches(new FileSystemException("/r/config", null, "Read-only file system")))
                .isFalse();
    }

    @Test
    void theBackupMessageSaysWhatHappenedAndWhatToDo() {
        var e = DiskFull.backupFailed("/srv/repo", new IOException("No space left on device"));
        assertThat(e.exitCode()).isEqualTo(ExitCode.FATAL);
        assertThat(e.getMessage())
                .isEqualTo("repository disk is full: free space and run the backup again; "
                        + "the repository is consistent (/srv/repo)");
    }
}
