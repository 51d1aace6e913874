package io.holdfast.client;

import io.holdfast.engine.Snapshots;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Repository statistics, counted exactly as restic's {@code stats} counts them (see {@link Mode}).
 *
 * @param mode the counting mode
 * @param snapshots snapshots counted
 * @param files restic's {@code total_file_count}: every node (restore-size), unique contents (files-by-contents),
 *     files with blobs (blobs-per-file); 0 for raw-data
 * @param totalSize restic's {@code total_size}: bytes a restore writes (restore-size), bytes of the unique contents
 *     (files-by-contents), plaintext bytes of each file's blobs (blobs-per-file), stored bytes of the blobs
 *     (raw-data)
 * @param blobs restic's {@code total_blob_count}: blob references per file (blobs-per-file), unique blobs (raw-data)
 * @param uncompressedSize raw-data in a version 2 repository: the blobs' stored size had none been compressed
 *     (restic's {@code total_uncompressed_size}); else 0
 * @param compressedSize raw-data, version 2: stored bytes of the compressed blobs
 * @param compressedUncompressedSize raw-data, version 2: the same blobs' size had they not been compressed
 */
public record Stats(
        Mode mode,
        int snapshots,
        long files,
        long totalSize,
        long blobs,
        long uncompressedSize,
        long compressedSize,
        long compressedUncompressedSize) {
    /** What to count; the names are restic's {@code --mode} values. */
    public enum Mode {
        /** Every node of every snapshot, and the bytes a restore writes (hard links counted once). */
        RESTORE_SIZE("restore-size"),
        /** Files with distinct contents (by their list of blobs) and their sizes. */
        FILES_BY_CONTENTS("files-by-contents"),
        /** Per file path with distinct contents, its distinct blobs and their plaintext sizes. */
        BLOBS_PER_FILE("blobs-per-file"),
        /** The distinct blobs the snapshots reference, as stored. */
        RAW_DATA("raw-data");

        private final String name;

        Mode(String name) {
            this.name = name;
        }

        /** restic's name of the mode. */
        public String modeName() {
            return name;
        }

        /** The mode named {@code name}, or null if restic has no such mode. */
        public static @Nullable Mode of(String name) {
            for (Mode m : values()) {
                if (m.name.equals(name)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** restic's {@code compression_ratio}: uncompressed per stored byte of the compressed blobs; 0 if none. */
    public double compressionRatio() {
        return compressedSize == 0 ? 0 : (double) compressedUncompressedSize / compressedSize;
    }

    /** restic's {@code compression_progress}: the share, in percent, of the data that is compressed; 0 if unknown. */
    public double compressionProgress() {
        return uncompressedSize == 0 ? 0 : (double) compressedUncompressedSize / uncompressedSize * 100;
    }

    /** restic's {@code compression_space_saving}: percent saved by compression; 0 if unknown. */
    public double compressionSpaceSaving() {
        return uncompressedSize == 0 ? 0 : (1 - (double) totalSize / uncompressedSize) * 100;
    }

    static Stats compute(Repository repo, List<Snapshots.Ref> snaps, Mode mode) throws IOException {
        return new StatsWalk(repo, mode).count(snaps);
    }
}
