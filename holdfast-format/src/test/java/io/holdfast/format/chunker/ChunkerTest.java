package io.holdfast.format.chunker;

import static io.holdfast.format.chunker.ChunkerTestSupport.MIB;
import static io.holdfast.format.chunker.ChunkerTestSupport.RESTIC_TEST_POLYNOMIAL;
import static io.holdfast.format.chunker.ChunkerTestSupport.lowEntropyBytes;
import static io.holdfast.format.chunker.ChunkerTestSupport.oneShot;
import static io.holdfast.format.chunker.ChunkerTestSupport.random64Mib;
import static io.holdfast.format.chunker.ChunkerTestSupport.randomBytes;
import static io.holdfast.format.chunker.ChunkerTestSupport.sizes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties shared by both chunkers, with the default (restic) sizes. */
class ChunkerTest {

    static List<ChunkerSpec> defaultSpecs() {
        return List.of(ChunkerSpec.rabin(RESTIC_TEST_POLYNOMIAL), ChunkerSpec.fastCdc());
    }

    @ParameterizedTest
    @MethodSource("defaultSpecs")
    void chunkSizesStayWithinMinAndMaxExceptTheLast(ChunkerSpec spec) {
        for (byte[] data : new byte[][] {random64Mib(), lowEntropyBytes(3, 40 * MIB), new byte[20 * MIB]}) {
            List<Integer> sizes = sizes(oneShot(spec.newStreamChunker(), data));
            assertThat(sizes.stream().mapToLong(Integer::longValue).sum()).isEqualTo(data.length);
            assertThat(sizes.subList(0, sizes.size() - 1))
                    .allSatisfy(s -> assertThat(s).isBetween(spec.minSize(), spec.maxSize()));
            assertThat(sizes.get(sizes.size() - 1)).isBetween(1, spec.maxSize());
        }
    }

    @ParameterizedTest
    @MethodSource("defaultSpecs")
    void averageChunkSizeOnRandomDataIsPlausible(ChunkerSpec spec) {
        List<Integer> sizes = sizes(oneShot(spec.newStreamChunker(), random64Mib()));
        double mean = (double) (64 * MIB) / sizes.size();
        // expected means: Rabin about min + avg = 1.5 MiB, FastCDC about 1.19 MiB (see ChunkerSpec)
        if (spec.kind() == ChunkerSpec.Kind.RABIN) {
            assertThat(mean).isBetween(1.1 * MIB, 2.0 * MIB);
        } else {
            assertThat(mean).isBetween(0.95 * MIB, 1.45 * MIB);
        }
        // not all the same size: the cuts are content-defined, not forced
        assertThat(Collections.max(sizes)).isGreaterThan(Collections.min(sizes.subList(0, sizes.size() - 1)));
    }

    @ParameterizedTest
    @MethodSource("defaultSpecs")
    void deterministicAcrossChunkersAndResets(ChunkerSpec spec) {
        byte[] data = randomBytes(11, 24 * MIB);
        Chunker a = spec.newStreamChunker();
        List<Long> first = oneShot(a, data);
        assertThat(first).hasSizeGreaterThan(5);
        // feed part of a chunk, then reset: the next stream must not see any leftover state
        a.reset();
        assertThat(a.findBoundary(data, 5, 500 * 1024)).isEqualTo(-1);
        assertThat(a.currentChunkLength()).isEqualTo(500 * 1024);
        a.reset();
        assertThat(oneShot(a, data)).isEqualTo(first);
        assertThat(oneShot(spec.newStreamChunker(), data)).isEqualTo(first);
        ChunkerSpec equal = spec.kind() == ChunkerSpec.Kind.RABIN
                ? ChunkerSpec.rabin(Polynomial.parse("3da3358b4dc173"))
                : ChunkerSpec.fastCdc(ChunkerSpec.DEFAULT_FASTCDC_SEED);
        assertThat(oneShot(equal.newStreamChunker(), data)).isEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("defaultSpecs")
    void cutsResynchronizeAfterAnInsertion(ChunkerSpec spec) {
        byte[] data = randomBytes(12, 24 * MIB);
        byte[] shifted = new byte[data.length + 1000];
        System.arraycopy(data, 0, shifted, 0, 100);
        System.arraycopy(randomBytes(13, 1000), 0, shifted, 100, 1000);
        System.arraycopy(data, 100, shifted, 1100, data.length - 100);
        List<Long> a = oneShot(spec.newStreamChunker(), data);
        List<Long> b = oneShot(spec.newStreamChunker(), shifted);
        long common = a.stream().filter(e -> b.contains(e + 1000)).count();
        // all but the first few boundaries recur, shifted by the insertion
        assertThat(common).isGreaterThanOrEqualTo(a.size() - 3);
    }

    @ParameterizedTest
    @MethodSource("defaultSpecs")
    void boundariesOfInputStreamMatchPushApi(ChunkerSpec spec) throws IOException {
        byte[] data = lowEntropyBytes(5, 30 * MIB);
        Chunker c = spec.newStreamChunker();
        List<Long> fromStream = c.boundaries(new ByteArrayInputStream(data));
        assertThat(fromStream).isEqualTo(oneShot(spec.newStreamChunker(), data));
        assertThat(fromStream.get(fromStream.size() - 1)).isEqualTo(data.length);
        assertThat(c.currentChunkLength()).isZero();
        assertThat(c.boundaries(new ByteArrayInputStream(new byte[0]))).isEmpty();
        assertThat(c.boundaries(new ByteArrayInputStream(new byte[10]))).containsExactly(10L);
    }

    @ParameterizedTest
    @MethodSource("defaultSpecs")
    void findBoundaryChecksItsRangeAndAcceptsEmptyRanges(ChunkerSpec spec) {
        Chunker c = spec.newStreamChunker();
        byte[] buf = new byte[100];
        assertThat(c.findBoundary(buf, 100, 0)).isEqualTo(-1);
        assertThat(c.currentChunkLength()).isZero();
        assertThatThrownBy(() -> c.findBoundary(buf, -1, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.findBoundary(buf, 95, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.findBoundary(buf, 0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(c.findBoundary(buf, 10, 90)).isEqualTo(-1);
        assertThat(c.currentChunkLength()).isEqualTo(90);
        assertThat(c.spec()).isEqualTo(spec);
    }
}
