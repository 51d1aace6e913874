package io.holdfast.cli.sample;

import java.nio.file.Path;

/**
 * What {@link SampleWorkload#generate} wrote.
 *
 * @param root the directory holding the workload
 * @param files number of files written
 * @param bytes their total size
 * @param images PNG images under {@code dataset/images/}
 * @param duplicateImages how many of those are byte-for-byte copies of an image in another class
 * @param textFiles text documents under {@code dataset/text/} (not counting {@code labels.csv})
 * @param tensors tensors in each model checkpoint
 * @param promptLines lines of {@code prompts/2026-11-22.jsonl}
 */
public record SampleWorkloadSummary(
        Path root,
        int files,
        long bytes,
        int images,
        int duplicateImages,
        int textFiles,
        int tensors,
        int promptLines) {}
