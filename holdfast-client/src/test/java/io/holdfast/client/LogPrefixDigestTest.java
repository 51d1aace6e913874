package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogPrefixDigestTest {
    private static final int BLOCK = LogPrefixDigest.BLOCK;

    @TempDir
    Path dir;

    /** Any length, on a block boundary or not, gives the SHA-256 of exactly that many first bytes. */
    @Property(tries = 40)
    void theDigestOfAnyPrefixIsTheSha256OfThoseBytes(
            @ForAll @IntRange(min = 0, max = 3 * BLOCK + 5) int size,
            @ForAll @IntRange(min = 0, max = 3 * BLOCK + 5) int length,
            @ForAll long seed)
            throws Exception {
        Path tmp = Files.createTempFile("log", ".jsonl");
        try {
            byte[] data = bytes(size, seed);
            Files.write(tmp, data);
            try (LogPrefixDigest d = LogPrefixDigest.start(tmp)) {
                MessageDigest got = d.upTo(length);
                if (length > size) {
                    assertThat(got).isNull();
                } else {
                    assertThat(got).isNotNull();
                    assertThat(got.digest()).isEqualTo(sha256(data, length));
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Asked for a point the thread already passed, it continues from the block boundary before it. */
    @Test
    void aPointTheThreadHasPassedIsHashedFromTheBoundaryBeforeIt() throws Exception {
        byte[] data = bytes(3 * BLOCK + 17, 7);
        Path log = Files.write(dir.resolve("log"), data);
        try (LogPrefixDigest d = LogPrefixDigest.start(log)) {
            assertThat(d.upTo(data.length).digest()).isEqualTo(sha256(data, data.length));
            for (int length : new int[] {2 * BLOCK + 5, 2 * BLOCK, BLOCK - 1, 0}) {
                assertThat(d.upTo(length).digest()).as("%d bytes", length).isEqualTo(sha256(data, length));
            }
        }
    }

    /** Asked again for a point past where an earlier call stopped the thread, it continues from there. */
    @Test
    void aPointPastWhereTheThreadStoppedIsHashedFromWhereItStopped() throws Exception {
        byte[] data = bytes(2 * BLOCK + 300, 11);
        Path log = Files.write(dir.resolve("log"), data);
        try (LogPrefixDigest d = LogPrefixDigest.start(log)) {
            assertThat(d.upTo(BLOCK / 2).digest()).isEqualTo(sha256(data, BLOCK / 2));
            assertThat(d.upTo(2 * BLOCK + 7).digest()).isEqualTo(sha256(data, 2 * BLOCK + 7));
        }
    }

    /** About a thousand states at most: 1 MiB apart up to 1 GiB, then twice as far each time the log doubles. */
    @Test
    void theStatesKeptAreAboutAThousandAtMostWhateverTheLogsSize() {
        assertThat(LogPrefixDigest.interval(0)).isEqualTo(BLOCK);
        assertThat(LogPrefixDigest.interval(1L << 30)).isEqualTo(BLOCK);
        assertThat(LogPrefixDigest.interval((1L << 30) + BLOCK - 1)).isEqualTo(BLOCK);
        assertThat(LogPrefixDigest.interval((1L << 30) + BLOCK)).isEqualTo(2L * BLOCK);
        assertThat(LogPrefixDigest.interval(100L << 30)).isEqualTo(128L * BLOCK);
        for (long size : new long[] {5L << 30, 77L << 30, (1L << 40) + 3}) {
            assertThat(size / LogPrefixDigest.interval(size)).isLessThanOrEqualTo(LogPrefixDigest.MAX_BOUNDARIES);
        }
    }

    /** The caller continues the digest it gets; the thread's state is not shared with it. */
    @Test
    void theDigestReturnedIsTheCallersOwn() throws Exception {
        byte[] data = bytes(BLOCK + 100, 3);
        Path log = Files.write(dir.resolve("log"), data);
        try (LogPrefixDigest d = LogPrefixDigest.start(log)) {
            MessageDigest first = d.upTo(BLOCK);
            first.update(data, BLOCK, 100);
            assertThat(first.digest()).isEqualTo(sha256(data, data.length));
            assertThat(d.upTo(BLOCK).digest()).isEqualTo(sha256(data, BLOCK));
        }
    }

    @Test
    void aLogThatCannotBeReadFailsTheCallerWithItsName() {
        Path missing = dir.resolve("no-such.jsonl");
        try (LogPrefixDigest d = LogPrefixDigest.start(missing)) {
            assertThatThrownBy(() -> d.upTo(10)).isInstanceOf(IOException.class).hasMessageContaining("no-such.jsonl");
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] sha256(byte[] data, int length) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(data, length));
    }
}
