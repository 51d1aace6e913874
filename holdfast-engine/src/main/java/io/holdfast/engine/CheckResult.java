package io.holdfast.engine;

import java.util.List;

/**
 * The findings of a check.
 *
 * @param errors problems that make data unrestorable or the repository inconsistent, one line each naming the pack,
 *     blob or file, and for damaged data the snapshots and paths affected
 * @param warnings problems that lose nothing (e.g. packs no index names: 'repair index' or 'prune' tidies them)
 * @param packsRead packs whose content was read and verified
 * @param blobsChecked blobs decrypted and hashed
 * @param snapshots snapshots whose trees were walked
 */
public record CheckResult(
        List<String> errors, List<String> warnings, long packsRead, long blobsChecked, long snapshots) {
    public boolean ok() {
        return errors.isEmpty();
    }
}
