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
import org.jspecify.annotations.Nullable;

/**
 * {@code check --read-data} for model codec files: decodes every piece (with its base) on the CPU pool and verifies
 * the plaintext's SHA-256, so a damaged or missing base is found even though every stored blob hashes right.
 */
final class CodecVerifier {
    private CodecVerifier() {}

    /**
     * A piece to verify.
     *
     * @param blob the codec blob
     * @param sha256 the plaintext hash the file's manifest gives it, if any
     */
    record Piece(Id blob, @Nullable Id sha256) {}

    static void verify(Repository repo, Map<Piece, String> pieces, Set<Id> badBlobs, List<String> errors)
            throws IOException {
        CodecReader reader = new CodecReader(repo);
        List<Future<String>> results = new ArrayList<>(pieces.size());
        for (Map.Entry<Piece, String> e : pieces.entrySet()) {
            Id blob = e.getKey().blob();
            if (badBlobs.contains(blob)) {
                continue; // already reported by the pack check
            }
            results.add(repo.workers().submit(() -> {
                try {
                    reader.decode(blob, e.getKey().sha256());
                    return "";
                } catch (IOException ex) {
                    badBlobs.add(blob);
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
