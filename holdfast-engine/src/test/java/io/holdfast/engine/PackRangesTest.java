package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class PackRangesTest {
    private static int counter;

    private static PackedBlob blob(long offset, int length) {
        return new PackedBlob(
                BlobType.DATA, Id.hash(new byte[] {(byte) counter, (byte) (counter++ >> 8)}), offset, length, 0);
    }

    @Test
    void smallBlobsShareRangesUpToTheWindowAndTheLastTakesTheHeader() {
        List<PackedBlob> blobs = List.of(blob(0, 40), blob(40, 40), blob(80, 40), blob(120, 40));
        PackRanges plan = PackRanges.plan(blobs, 200, 100);
        assertThat(plan.ranges())
                .extracting(PackRanges.Range::start, PackRanges.Range::end)
                .containsExactly(Tuple.tuple(0L, 80L), Tuple.tuple(80L, 160L), Tuple.tuple(160L, 200L));
        assertThat(plan.ranges().get(0).blobs()).containsExactly(blobs.get(0), blobs.get(1));
        assertThat(plan.ranges().get(2).blobs()).isEmpty();
        assertThat(plan.strays()).isEmpty();
        assertThat(plan.beyond()).isEmpty();
        assertThat(PackRanges.plan(blobs, 180, 100).ranges()).hasSize(2).last().satisfies(r -> {
            assertThat(r.end()).isEqualTo(180);
            assertThat(r.blobs()).hasSize(2);
        });
    }

    @Test
    void aBlobLargerThanTheWindowIsOneRangeAndLongGapsAreReadInWindows() {
        PackedBlob big = blob(0, 250);
        PackedBlob after = blob(600, 10);
        PackRanges plan = PackRanges.plan(List.of(after, big), 700, 100);
        assertThat(plan.ranges())
                .extracting(PackRanges.Range::start, PackRanges.Range::end)
                .containsExactly(
                        Tuple.tuple(0L, 250L),
                        Tuple.tuple(250L, 350L),
                        Tuple.tuple(350L, 450L),
                        Tuple.tuple(450L, 550L),
                        Tuple.tuple(550L, 610L),
                        Tuple.tuple(610L, 700L));
        assertThat(plan.ranges().get(4).blobs()).containsExactly(after);
        assertThat(plan.longest()).isEqualTo(250);
    }

    @Test
    void overlappingBlobsAreStraysAndBlobsPastTheEndAreNamed() {
        PackedBlob a = blob(0, 80);
        PackedBlob overlapping = blob(50, 80);
        PackedBlob past = blob(90, 100);
        PackRanges plan = PackRanges.plan(List.of(a, overlapping, past), 150, 100);
        assertThat(plan.strays()).containsExactly(overlapping);
        assertThat(plan.beyond()).containsExactly(past);
        assertThat(plan.ranges().getFirst().blobs()).containsExactly(a);
    }

    /** Random layouts: the ranges cover the file once, in order; every blob in the file is in one range or a stray. */
    @Test
    void rangesCoverTheFileOnceAndHoldEveryBlobOnce() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            List<PackedBlob> blobs = new ArrayList<>();
            long pos = 0;
            int n = random.nextInt(20);
            for (int i = 0; i < n; i++) {
                pos += random.nextInt(4) == 0 ? random.nextInt(300) : 0; // gaps now and then
                if (random.nextInt(10) == 0 && pos > 20) {
                    pos -= 20; // an overlap now and then
                }
                int len = 1 + random.nextInt(random.nextBoolean() ? 50 : 400);
                blobs.add(blob(pos, len));
                pos += len;
            }
            long size = pos + random.nextInt(120) - (random.nextInt(8) == 0 ? 30 : 0);
            size = Math.max(size, 1);
            Collections.shuffle(blobs, random);
            int window = 1 + random.nextInt(200);
            PackRanges plan = PackRanges.plan(blobs, size, window);

            long expect = 0;
            List<PackedBlob> seen = new ArrayList<>();
            for (PackRanges.Range r : plan.ranges()) {
                assertThat(r.start()).isEqualTo(expect);
                assertThat(r.end()).isGreaterThan(r.start()).isLessThanOrEqualTo(size);
                for (PackedBlob b : r.blobs()) {
                    assertThat(b.offset()).isGreaterThanOrEqualTo(r.start());
                    assertThat(b.offset() + b.length()).isLessThanOrEqualTo(r.end());
                }
                if (r.length() > window) {
                    assertThat(r.blobs()).hasSize(1); // only a blob larger than the window makes a range longer
                }
                seen.addAll(r.blobs());
                expect = r.end();
            }
            assertThat(expect).isEqualTo(size);
            seen.addAll(plan.strays());
            seen.addAll(plan.beyond());
            assertThat(seen).containsExactlyInAnyOrderElementsOf(blobs);
            for (PackedBlob b : plan.beyond()) {
                assertThat(b.offset() + b.length()).isGreaterThan(size);
            }
        }
    }
}
