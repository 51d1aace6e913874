package io.holdfast.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sliced reads and writes move exactly the bytes asked for, across slice boundaries and at the end of a file. */
class ChannelIoTest {
    @TempDir
    Path tmp;

    @Test
    void slicedWritesAndReadsRoundTripAcrossSliceBoundaries() throws Exception {
        byte[] data = new byte[4 * ChannelIo.SLICE + 12_345];
        new SplittableRandom(7).nextBytes(data);
        Path f = tmp.resolve("f");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ChannelIo.write(ch, data, 100, data.length - 100, 1000);
        }
        byte[] file = Files.readAllBytes(f);
        assertThat(file).hasSize(1000 + data.length - 100);
        assertThat(Arrays.copyOfRange(file, 1000, file.length)).isEqualTo(Arrays.copyOfRange(data, 100, data.length));

        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            byte[] back = new byte[data.length];
            int n = ChannelIo.read(ch, back, 100, data.length - 100, 1000);
            assertThat(n).isEqualTo(data.length - 100);
            assertThat(Arrays.copyOfRange(back, 100, back.length))
                    .isEqualTo(Arrays.copyOfRange(data, 100, data.length));
            // past the end: fewer bytes, no exception
            byte[] tail = new byte[ChannelIo.SLICE * 2];
            assertThat(ChannelIo.read(ch, tail, 0, tail.length, file.length - 10))
                    .isEqualTo(10);
            assertThat(ChannelIo.read(ch, tail, 0, tail.length, file.length)).isZero();
        }
    }

    @Test
    void sequentialWriteLeavesTheSourceBufferAsItWas() throws Exception {
        byte[] data = new byte[3 * ChannelIo.SLICE + 1];
        new SplittableRandom(8).nextBytes(data);
        ByteBuffer src = ByteBuffer.wrap(data, 5, data.length - 5);
        Path f = tmp.resolve("g");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ChannelIo.write(ch, src);
        }
        assertThat(src.position()).isEqualTo(5);
        assertThat(src.limit()).isEqualTo(data.length);
        assertThat(Files.readAllBytes(f)).isEqualTo(Arrays.copyOfRange(data, 5, data.length));
    }
}
