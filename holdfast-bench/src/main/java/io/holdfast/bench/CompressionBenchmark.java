package io.holdfast.bench;

import com.github.luben.zstd.Zstd;
import io.holdfast.format.Compression;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * zstd through {@link Compression}: level 1 ({@code --compression fastest}) and level 3 ({@code auto}, the
 * default), and decompression of a level-3 frame (restore and {@code check --read-data}).
 */
public class CompressionBenchmark extends BufferState {
    private byte[] frame = new byte[0];

    @Override
    protected void prepare() {
        frame = Zstd.compress(buf, Compression.AUTO.level());
    }

    @Benchmark
    public int zstd1() {
        byte[] c = Compression.FASTEST.compress(buf, 0, buf.length);
        return c == null ? -1 : c.length;
    }

    @Benchmark
    public int zstd3() {
        byte[] c = Compression.AUTO.compress(buf, 0, buf.length);
        return c == null ? -1 : c.length;
    }

    @Benchmark
    public byte[] zstd3Decompress() throws Exception {
        return Compression.decompress(frame, 0, frame.length, buf.length, "benchmark");
    }
}
