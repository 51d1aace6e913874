package io.holdfast.engine;

import io.holdfast.format.Id;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * {@code check --read-data} for model codec files: decodes every piece (with its base) on the CPU pool and verifies
 * the plaintext's SHA-256, so a damaged or missing base is found even though every stored blob hashes right.
 */
final class CodecVerifier {
    private CodecVerifier() {}

    static void verify(Repository repo, Map<Id, String> pieces, Set<Id> badBlobs, List<String> errors)
            throws IOException {
        CodecReader reader = new CodecReader(repo);
        List<Future<String>> results = new ArrayList<>(pieces.size());
        for (Map.Entry<Id, String> e : pieces.entrySet()) {
            if (badBlobs.contains(e.getKey())) {
                continue; // already reported by the pack check
            }
            results.add(repo.workers().submit(() -> {
                try {
                    reader.decode(e.getKey());
                    return "";
                } catch (IOException ex) {
                    badBlobs.add(e.getKey());
                    return "model codec: " + ex.getMessage() + "; " + e.getValue() + " cannot be restored";
                }
            }));
        }
        for (Future<String> f : results) {
            String msg = Executors2.await(f);
            if (!msg.isEmpty()) {
                errors.add(msg);
            }
        }
    }
}
