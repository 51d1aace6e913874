package io.holdfast.engine;

import io.holdfast.format.Id;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The summary of a finished backup, with restic's field names in its JSON form.
 *
 * @param snapshotId the new snapshot
 * @param parent the parent snapshot used, if any
 * @param filesNew files not in the parent
 * @param filesChanged files changed since the parent
 * @param filesUnmodified files unchanged since the parent (not read)
 * @param dirsNew directories not in the parent
 * @param dirsChanged directories changed
 * @param dirsUnmodified directories unchanged
 * @param dataBlobs data blobs added
 * @param treeBlobs tree blobs added
 * @param dataAdded bytes added to the repository (after compression and encryption; restic's {@code
 *     data_added_packed})
 * @param dataAddedPlain bytes of the blobs added, before compression (restic's {@code data_added})
 * @param totalFilesProcessed files in the snapshot
 * @param totalBytesProcessed bytes of file content in the snapshot
 * @param duration wall time
 * @param errors paths that could not be read, with the reason
 * @param invalidModels model files that failed validation, with the reason (recorded in the snapshot)
 * @param hooks what the {@code --pre} and {@code --post} commands did (also in the snapshot's summary)
 */
public record BackupResult(
        Id snapshotId,
        @Nullable Id parent,
        long filesNew,
        long filesChanged,
        long filesUnmodified,
        long dirsNew,
        long dirsChanged,
        long dirsUnmodified,
        long dataBlobs,
        long treeBlobs,
        long dataAdded,
        long dataAddedPlain,
        long totalFilesProcessed,
        long totalBytesProcessed,
        Duration duration,
        List<String> errors,
        List<String> invalidModels,
        List<BackupHooks.Result> hooks) {
    public BackupResult {
        errors = List.copyOf(errors);
        invalidModels = List.copyOf(invalidModels);
        hooks = List.copyOf(hooks);
    }

    /** Whether some paths were left out because they could not be read. */
    public boolean partial() {
        return !errors.isEmpty();
    }
}
