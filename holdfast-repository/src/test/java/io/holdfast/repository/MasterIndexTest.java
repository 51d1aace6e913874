package io.holdfast.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MasterIndexTest {
    private static Id randomId(Random r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return Id.of(b);
    }

    @Test
    void lookupFindsEveryBlobAndNothingElse() {
        Random r = new Random(5);
        MasterIndex idx = new MasterIndex();
        List<Id> ids = new ArrayList<>();
        for (int p = 0; p < 50; p++) {
            Id pack = randomId(r);
            List<PackedBlob> blobs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                Id id = randomId(r);
                ids.add(id);
                blobs.add(new PackedBlob(BlobType.DATA, id, i * 100L, 100, i % 2 == 0 ? 0 : 150));
            }
            idx.addPack(pack, blobs);
        }
        assertThat(idx.size()).isEqualTo(25_000);
        for (int i = 0; i < ids.size(); i++) {
            BlobLocation loc = java.util.Objects.requireNonNull(idx.lookup(BlobType.DATA, ids.get(i)));
            assertThat(loc.offset()).isEqualTo((i % 500) * 100L);
            assertThat(idx.has(BlobType.TREE, ids.get(i))).isFalse();
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(idx.lookup(BlobType.DATA, randomId(r))).isNull();
        }
        assertThat(idx.packCount()).isEqualTo(50);
    }

    @Test
    void duplicatesAreIndexedOnceAndReservationsAreExclusive() {
        MasterIndex idx = new MasterIndex();
        Id blob = Id.hash(new byte[] {1});
        assertThat(idx.reserve(BlobType.DATA, blob)).isTrue();
        assertThat(idx.reserve(BlobType.DATA, blob)).isFalse();
        assertThat(idx.reserve(BlobType.TREE, blob)).isTrue();
        idx.addPack(Id.hash(new byte[] {2}), List.of(new PackedBlob(BlobType.DATA, blob, 0, 40, 0)));
        idx.addPack(Id.hash(new byte[] {3}), List.of(new PackedBlob(BlobType.DATA, blob, 0, 40, 0)));
        assertThat(idx.size()).isEqualTo(1);
        assertThat(idx.duplicates()).isEqualTo(1);
        assertThat(idx.reserve(BlobType.DATA, blob)).isFalse();
        assertThat(java.util.Objects.requireNonNull(idx.lookup(BlobType.DATA, blob))
                        .pack())
                .isEqualTo(Id.hash(new byte[] {2}));
    }

    @Test
    void staysUnder64BytesPerBlobAtEverySize() {
        Random r = new Random(9);
        MasterIndex idx = new MasterIndex();
        Id pack = randomId(r);
        int added = 0;
        int[] checkpoints = {70_000, 786_433, 1_000_000, 1_572_865, 2_000_000, 3_145_729};
        for (int target : checkpoints) {
            List<PackedBlob> blobs = new ArrayList<>();
            while (added < target) {
                blobs.add(new PackedBlob(BlobType.DATA, randomId(r), added, 1000, 0));
                added++;
            }
            idx.addPack(pack, blobs);
            assertThat(idx.size()).isEqualTo(target);
            // at most one partly filled block of 65,536 entries (49 bytes each) beyond 64 bytes a blob ...
            assertThat(idx.memoryBytes()).isLessThanOrEqualTo(64L * target + 49L * 65_536);
            // ... which is noise from a million blobs on
            if (target >= 1_000_000) {
                double perBlob = (double) idx.memoryBytes() / target;
                assertThat(perBlob).as("bytes per blob at %d blobs", target).isLessThanOrEqualTo(64.0);
            }
        }
    }
}
