package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The non-critical findings of {@code check}, with restic's words and the command that tidies each: packs listed in
 * several index files ({@code repair index}), packs mixing tree and data blobs ({@code prune}), and packs no index
 * names ({@code prune}, or {@code repair index} when blobs a snapshot needs are missing from the index).
 */
final class CheckHints {
    private final List<String> lines = new ArrayList<>();
    private boolean repairIndex;
    private boolean prune;

    /** The hints about the index: packs in several index files and packs mixing blob types, as restic words them. */
    void index(Map<Id, List<PackedBlob>> indexed, Map<Id, List<Id>> indexesOfPack) {
        boolean duplicates = false;
        boolean mixed = false;
        for (Map.Entry<Id, List<PackedBlob>> e : indexed.entrySet()) {
            Id pack = e.getKey();
            TreeSet<String> indexes = new TreeSet<>();
            indexesOfPack.getOrDefault(pack, List.of()).forEach(i -> indexes.add(i.shortHex()));
            if (indexes.size() > 1) {
                lines.add("pack " + pack.hex() + " contained in several indexes: {" + String.join(" ", indexes) + "}");
                duplicates = true;
            }
            boolean trees = e.getValue().stream().anyMatch(b -> b.type() == BlobType.TREE);
            boolean data = e.getValue().stream().anyMatch(b -> b.type() == BlobType.DATA);
            if (trees && data) {
                lines.add("pack " + pack.shortHex() + " contains a mix of tree and data blobs");
                mixed = true;
            }
        }
        if (duplicates) {
            lines.add("Duplicate packs are non-critical, you can run 'holdfast repair index' to correct this");
            repairIndex = true;
        }
        if (mixed) {
            lines.add("Mixed packs with tree and data blobs are non-critical, you can run 'holdfast prune' to correct"
                    + " this");
            prune = true;
        }
    }

    /**
     * The hint about {@code count} packs no index names: if blobs a snapshot needs are missing from the index, those
     * packs may hold them ({@code repair index}); otherwise, as restic says, they likely hold duplicate data and
     * {@code prune} removes them (restic leaves this notice out when the repository has other errors).
     */
    void unreferencedPacks(int count, List<String> errors) {
        if (count == 0) {
            return;
        }
        if (errors.stream().anyMatch(e -> e.contains(": not in any index"))) {
            lines.add(count + " pack files are not referenced in any index and may hold the blobs missing from it;"
                    + " run 'holdfast repair index'");
            repairIndex = true;
        } else if (errors.isEmpty()) {
            lines.add(count + " additional files were found in the repo, which likely contain duplicate data. This is"
                    + " non-critical, you can run 'holdfast prune' to correct this");
            prune = true;
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean repairIndex() {
        return repairIndex;
    }

    boolean prune() {
        return prune;
    }
}
