package io.holdfast.engine;

import java.util.List;

/**
 * What a restore did.
 *
 * @param files regular files written
 * @param dirs directories created or restored into
 * @param links symbolic and hard links created
 * @param specials FIFOs and device nodes created
 * @param bytes bytes of file content written
 * @param verified files read back and found identical (with --verify)
 * @param errors problems, one line each (path: what); empty when everything was restored
 * @param notes what was left out on purpose and why (sockets), one line each
 * @param kept objects that exist in the target and were kept (see {@link RestoreOptions.Overwrite}), one line each
 */
public record RestoreResult(
        long files,
        long dirs,
        long links,
        long specials,
        long bytes,
        long verified,
        List<String> errors,
        List<String> notes,
        List<String> kept) {
    public RestoreResult {
        errors = List.copyOf(errors);
        notes = List.copyOf(notes);
        kept = List.copyOf(kept);
    }
}
