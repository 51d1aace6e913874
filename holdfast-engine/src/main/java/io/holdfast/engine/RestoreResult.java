package io.holdfast.engine;

import java.util.List;

/**
 * What a restore did.
 *
 * @param files regular files written
 * @param dirs directories created
 * @param links symbolic and hard links created
 * @param bytes bytes of file content written
 * @param verified files read back and found identical (with --verify)
 * @param errors problems, one line each; empty when everything was restored
 */
public record RestoreResult(long files, long dirs, long links, long bytes, long verified, List<String> errors) {}
