package io.holdfast.engine;

import java.util.List;

/**
 * The findings of a check.
 *
 * @param errors problems that make data unrestorable or the repository inconsistent, one line each naming the pack,
 *     blob or file, and for damaged data the snapshots and paths affected
 * @param warnings problems that lose nothing (e.g. packs no index names: 'repair index' or 'prune' tidies them)
 * @param hints non-critical findings and what tidies them, in restic's words (packs listed in several index files,
 *     packs mixing tree and data blobs, packs no index names)
 * @param suggestRepairIndex whether a hint suggests {@code repair index} (restic's {@code suggest_repair_index})
 * @param suggestPrune whether a hint suggests {@code prune} (restic's {@code suggest_prune})
 * @param packsRead packs whose content was read and verified
 * @param blobsChecked blobs decrypted and hashed
 * @param snapshots snapshots whose trees were walked
 */
public record CheckResult(
        List<String> errors,
        List<String> warnings,
        List<String> hints,
        boolean suggestRepairIndex,
        boolean suggestPrune,
        long packsRead,
        long blobsChecked,
        long snapshots) {
    public boolean ok() {
        return errors.isEmpty();
    }
}
