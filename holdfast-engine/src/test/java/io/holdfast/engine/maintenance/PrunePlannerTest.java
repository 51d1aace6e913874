package io.holdfast.engine.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.engine.maintenance.PackInfo.Action;
import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.repository.PackFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The planner on synthetic indexes: which packs are kept, repacked, deleted, and when it refuses. */
class PrunePlannerTest {
    private static final int PACK_SIZE = 16 << 20;
    private static final int MB = 1 << 20;

    private final Map<Id, List<PackedBlob>> index = new TreeMap<>();
    private final Map<Id, Long> stored = new TreeMap<>();
    private final Set<BlobRef> used = new HashSet<>();
    private int version = 2;

    private static Id id(String name) {
        return Id.hash(name.getBytes(StandardCharsets.UTF_8));
    }

    private static BlobRef data(String name) {
        return new BlobRef(BlobType.DATA, id(name));
    }

    private static BlobRef tree(String name) {
        return new BlobRef(BlobType.TREE, id(name));
    }

    /** A stored, indexed pack of compressed blobs of {@code length} bytes each. */
    private Id pack(String name, int length, BlobRef... blobs) {
        Id pack = indexOnly(name, length, true, blobs);
        stored.put(pack, PackFiles.expectedSize(index.get(pack)));
        return pack;
    }

    private Id indexOnly(String name, int length, boolean compressed, BlobRef... blobs) {
        List<PackedBlob> entries = new ArrayList<>();
        long offset = 0;
        for (BlobRef b : blobs) {
            entries.add(new PackedBlob(b.type(), b.id(), offset, length, compressed ? length * 2 : 0));
            offset += length;
        }
        Id pack = id("pack " + name);
        index.put(pack, entries);
        return pack;
    }

    private void use(BlobRef... blobs) {
        used.addAll(List.of(blobs));
    }

    private PrunePlan plan(PruneOptions opts) throws RepairNeededException {
        return PrunePlanner.plan(new PrunePlanner.Input(index, stored, used, PACK_SIZE, version), opts);
    }

    private PrunePlan plan() throws RepairNeededException {
        return plan(PruneOptions.DEFAULTS);
    }

    private static Action action(PrunePlan plan, Id pack) {
        return plan.packs().stream()
                .filter(p -> p.id().equals(pack))
                .findFirst()
                .orElseThrow()
                .action();
    }

    @Test
    void keepsUsedPacksDeletesUnusedAndUnreferencedOnes() throws Exception {
        Id full = pack("full", MB, data("a"), data("b"), data("c"));
        Id unused = pack("unused", MB, data("x"), data("y"));
        Id unreferenced = id("pack from an interrupted backup");
        stored.put(unreferenced, 12345L);
        use(data("a"), data("b"), data("c"));

        PrunePlan p = plan();
        assertThat(action(p, full)).isEqualTo(Action.KEEP);
        assertThat(action(p, unused)).isEqualTo(Action.DELETE);
        assertThat(action(p, unreferenced)).isEqualTo(Action.DELETE_UNREFERENCED);
        assertThat(p.keepBlobs()).isEmpty();
        PruneStats s = p.stats();
        assertThat(s.usedBlobs()).isEqualTo(3);
        assertThat(s.unusedBlobs()).isEqualTo(2);
        assertThat(s.removeBlobs()).isEqualTo(2);
        assertThat(s.removeBytes()).isEqualTo(2L * MB);
        assertThat(s.unreferencedBytes()).isEqualTo(12345);
        assertThat(s.packsUsed()).isEqualTo(1);
        assertThat(s.packsUnused()).isEqualTo(1);
        assertThat(s.remainingBlobs()).isEqualTo(3);
        assertThat(p.deletedPackBytes()).isEqualTo(stored.get(unused) + 12345);
    }

    @Test
    void repacksAPartlyUsedPackAboveTheUnusedLimitAndKeepsItsUsedBlobs() throws Exception {
        Id partly = pack("partly", MB, data("a"), data("b"), data("gone1"), data("gone2"));
        Id full = pack("full", MB, data("c"), data("d"), data("e"), data("f"));
        use(data("a"), data("b"), data("c"), data("d"), data("e"), data("f"));

        PrunePlan p = plan();
        assertThat(action(p, partly)).isEqualTo(Action.REPACK);
        assertThat(action(p, full)).isEqualTo(Action.KEEP);
        assertThat(p.keepBlobs()).containsExactlyInAnyOrder(data("a"), data("b"));
        assertThat(p.stats().repackRemovedBlobs()).isEqualTo(2);
        assertThat(p.stats().unusedBytesAfter()).isZero();
        assertThat(p.rewritesIndex()).isTrue();
    }

    @Test
    void toleratesUnusedSpaceWithinMaxUnused() throws Exception {
        // 1 unused MiB of 20 used MiB: 5% of the remaining size is about 1.05 MiB
        List<BlobRef> blobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            blobs.add(data("u" + i));
        }
        use(blobs.toArray(BlobRef[]::new));
        blobs.add(data("unused"));
        Id partly = pack("partly", MB, blobs.toArray(BlobRef[]::new));

        assertThat(action(plan(), partly)).isEqualTo(Action.KEEP);
        assertThat(action(plan(PruneOptions.DEFAULTS.withMaxUnused(MaxUnused.parse("1%"))), partly))
                .isEqualTo(Action.REPACK);
        assertThat(action(plan(PruneOptions.DEFAULTS.withMaxUnused(MaxUnused.parse("0"))), partly))
                .isEqualTo(Action.REPACK);
        assertThat(action(plan(PruneOptions.DEFAULTS.withMaxUnused(MaxUnused.parse("2M"))), partly))
                .isEqualTo(Action.KEEP);
    }

    @Test
    void unlimitedStillRepacksTreePacksButNotDataPacks() throws Exception {
        Id dataPack = pack("data", MB, data("a"), data("b"), data("c"));
        Id treePack = pack("trees", 1000, tree("t1"), tree("t2"), tree("old"));
        use(data("a"), tree("t1"), tree("t2"));

        PrunePlan p = plan(PruneOptions.DEFAULTS.withMaxUnused(MaxUnused.UNLIMITED));
        assertThat(action(p, dataPack)).isEqualTo(Action.KEEP);
        assertThat(action(p, treePack)).isEqualTo(Action.REPACK);
        assertThat(p.keepBlobs()).containsExactlyInAnyOrder(tree("t1"), tree("t2"));
    }

    @Test
    void repacksMixedPacksAndUncompressedTreePacksEvenWhenFullyUsed() throws Exception {
        Id mixed = pack("mixed", MB, data("a"), tree("t"));
        Id uncompressedTrees = indexOnly("v1 trees", 1000, false, tree("u1"), tree("u2"));
        stored.put(uncompressedTrees, PackFiles.expectedSize(index.get(uncompressedTrees)));
        use(data("a"), tree("t"), tree("u1"), tree("u2"));

        PrunePlan p = plan();
        assertThat(action(p, mixed)).isEqualTo(Action.REPACK);
        assertThat(p.packs().stream()
                        .filter(i -> i.id().equals(mixed))
                        .findFirst()
                        .orElseThrow()
                        .kind())
                .isEqualTo(PackInfo.Kind.MIXED);
        assertThat(action(p, uncompressedTrees)).isEqualTo(Action.REPACK);

        version = 1; // a v1 repository cannot compress: leave its trees alone
        assertThat(action(plan(), uncompressedTrees)).isEqualTo(Action.KEEP);
    }

    @Test
    void ofDuplicateBlobsOneCopyIsUsedAndAPackHoldingOnlyACopyIsDeleted() throws Exception {
        Id main = pack("main", MB, data("a"), data("b"), data("dup"));
        Id copy = pack("copy", MB, data("dup"));
        use(data("a"), data("b"), data("dup"));

        PrunePlan p = plan();
        assertThat(action(p, main)).isEqualTo(Action.KEEP);
        assertThat(action(p, copy)).isEqualTo(Action.DELETE);
        assertThat(p.stats().duplicateBlobs()).isEqualTo(1);
        assertThat(p.keepBlobs()).isEmpty();
    }

    @Test
    void refusesWhenAUsedBlobIsInNoIndex() {
        pack("p", MB, data("a"));
        use(data("a"), data("lost"));
        assertThatThrownBy(this::plan)
                .isInstanceOf(RepairNeededException.class)
                .hasMessageContaining("in no index")
                .hasMessageContaining(id("lost").hex())
                .hasMessageContaining("repair index");
    }

    @Test
    void refusesWhenAPackWithUsedBlobsIsMissingButForgetsUnneededMissingPacks() throws Exception {
        pack("p", MB, data("a"), data("b"));
        Id missingUnused = indexOnly("gone, unused", MB, true, data("old"));
        Id missingCopy = indexOnly("gone, copy", MB, true, data("a"));
        use(data("a"), data("b"));
        PrunePlan p = plan();
        assertThat(action(p, missingUnused)).isEqualTo(Action.FORGET_MISSING);
        assertThat(action(p, missingCopy)).isEqualTo(Action.FORGET_MISSING);
        assertThat(p.stats().packsForgotten()).isEqualTo(2);

        Id missingNeeded = indexOnly("gone, needed", MB, true, data("c"));
        use(data("c"));
        assertThatThrownBy(this::plan)
                .isInstanceOf(RepairNeededException.class)
                .hasMessageContaining(missingNeeded.hex())
                .hasMessageContaining("missing from storage");
    }

    @Test
    void refusesWhenAUsedPackHasTheWrongSizeButDeletesAnUnusedOne() throws Exception {
        Id unused = pack("unused", MB, data("x"));
        stored.put(unused, 17L);
        assertThat(action(plan(), unused)).isEqualTo(Action.DELETE);

        Id truncated = pack("truncated", MB, data("a"));
        stored.put(truncated, 1000L);
        use(data("a"));
        assertThatThrownBy(this::plan)
                .isInstanceOf(RepairNeededException.class)
                .hasMessageContaining(truncated.hex())
                .hasMessageContaining("repair index");
    }

    @Test
    void maxRepackSizeLimitsRepacking() throws Exception {
        Id a = pack("a", MB, data("a1"), data("a-unused"));
        Id b = pack("b", MB, data("b1"), data("b-unused"));
        use(data("a1"), data("b1"));
        PrunePlan p = plan(PruneOptions.DEFAULTS.withMaxRepackBytes(3L * MB));
        assertThat(List.of(action(p, a), action(p, b))).containsExactlyInAnyOrder(Action.REPACK, Action.KEEP);
        assertThat(p.stats().repackBytes()).isLessThan(3L * MB);
        assertThat(plan(PruneOptions.DEFAULTS.withMaxRepackBytes(0)).ids(Action.REPACK))
                .isEmpty();
    }

    @Test
    void smallPacksAreRepackedOnlyWhenThereAreAtLeastTen() throws Exception {
        List<Id> small = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            small.add(pack("small" + i, 1000, data("s" + i)));
            use(data("s" + i));
        }
        assertThat(plan().ids(Action.REPACK)).isEmpty();
        small.add(pack("small9", 1000, data("s9")));
        use(data("s9"));
        assertThat(plan().ids(Action.REPACK)).containsExactlyInAnyOrderElementsOf(small);

        // with --repack-small, packs below 80% of the target size are small
        Id medium = pack("medium", 4 * MB, data("m1"), data("m2"));
        use(data("m1"), data("m2"));
        assertThat(action(plan(), medium)).isEqualTo(Action.KEEP);
        assertThat(action(plan(PruneOptions.DEFAULTS.withRepackSmall(true)), medium))
                .isEqualTo(Action.REPACK);
    }

    @Test
    void theMostWastefulPacksAreRepackedFirst() throws Exception {
        Id mostlyUnused = pack("mostly unused", MB, data("m1"), data("mu1"), data("mu2"), data("mu3"));
        Id halfUnused = pack("half unused", MB, data("h1"), data("h2"), data("hu1"), data("hu2"));
        Id slightlyUnused = pack("slightly unused", MB, data("s1"), data("s2"), data("s3"), data("su1"));
        use(data("m1"), data("h1"), data("h2"), data("s1"), data("s2"), data("s3"));
        // 6 MiB unused of 6 MiB used; tolerate 3.5 MiB: repacking the worst pack (3 MiB) leaves 3 MiB
        PrunePlan p = plan(PruneOptions.DEFAULTS.withMaxUnused(MaxUnused.parse("3584k")));
        assertThat(action(p, mostlyUnused)).isEqualTo(Action.REPACK);
        assertThat(action(p, halfUnused)).isEqualTo(Action.KEEP);
        assertThat(action(p, slightlyUnused)).isEqualTo(Action.KEEP);
        // tolerate 1.5 MiB: the half-unused pack goes too
        p = plan(PruneOptions.DEFAULTS.withMaxUnused(MaxUnused.parse("1536k")));
        assertThat(p.ids(Action.REPACK)).containsExactlyInAnyOrder(mostlyUnused, halfUnused);
    }

    @Test
    void cacheableOnlyNeverRepacksDataPacks() throws Exception {
        Id dataPack = pack("data", MB, data("a"), data("gone"));
        Id treePack = pack("trees", 1000, tree("t"), tree("gone"));
        use(data("a"), tree("t"));
        PrunePlan p = plan(PruneOptions.DEFAULTS.withRepackCacheableOnly(true));
        assertThat(action(p, dataPack)).isEqualTo(Action.KEEP);
        assertThat(action(p, treePack)).isEqualTo(Action.REPACK);
    }

    @Test
    void anEmptyRepositoryHasNothingToDo() throws Exception {
        PrunePlan p = plan();
        assertThat(p.packs()).isEmpty();
        assertThat(p.nothingToDo()).isTrue();
        assertThat(p.rewritesIndex()).isFalse();
    }
}
