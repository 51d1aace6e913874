package io.holdfast.bench;

import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.model.codec.CodecOptions;
import io.holdfast.format.model.codec.EncodedHeader;
import io.holdfast.format.model.codec.TensorBase;
import io.holdfast.format.model.codec.TensorDecoder;
import io.holdfast.format.model.codec.TensorEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The model codec on one bf16 tensor piece: encoding alone and as a delta against a base each of whose values moved
 * by N(0, (1% of 0.02)^2), rounded to bf16 (as bench/GenCheckpoints.java fine-tunes), and decoding. Run with {@code -p
 * data=bf16}; throughput times the buffer size is bytes per second per core.
 */
public class CodecBenchmark extends BufferState {
    /** zstd level of the planes. */
    @Param({"1", "3"})
    public int level;

    private TensorEncoder encoder = new TensorEncoder(CodecOptions.DEFAULTS);
    private TensorBase base = TensorBase.of(Id.hash(new byte[0]), new byte[0]);
    private byte[] fineTuned = new byte[0];
    private byte[] encoded = new byte[0];
    private byte[] encodedDelta = new byte[0];

    @Override
    protected void prepare() {
        io.holdfast.repository.CpuKernels.configure(); // the kernels a repository would use on this machine
        encoder = new TensorEncoder(new CodecOptions(level, CodecOptions.DEFAULTS.sampleBytes()));
        fineTuned = buf.clone();
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i + 1 < fineTuned.length; i += 2) {
            float w = Float.intBitsToFloat(((buf[i] & 0xFF) | (buf[i + 1] & 0xFF) << 8) << 16);
            int bits = Float.floatToRawIntBits((float) (w + r.nextGaussian() * 0.0002));
            bits = (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16; // to bf16, nearest even
            fineTuned[i] = (byte) bits;
            fineTuned[i + 1] = (byte) (bits >>> 8);
        }
        base = TensorBase.of(Id.hash(buf), buf);
        encoded = encoder.encode(buf, 0, buf.length, 2, null);
        encodedDelta = encoder.encode(fineTuned, 0, fineTuned.length, 2, base);
    }

    @TearDown
    public void close() {
        encoder.close();
    }

    @Benchmark
    public int encode() {
        return encoder.encode(buf, 0, buf.length, 2, null).length;
    }

    @Benchmark
    public int encodeDelta() {
        return encoder.encode(fineTuned, 0, fineTuned.length, 2, base).length;
    }

    @Benchmark
    public byte[] decode() throws CorruptDataException {
        return TensorDecoder.decode(encoded, "benchmark");
    }

    @Benchmark
    public byte[] decodeDelta() throws CorruptDataException {
        return TensorDecoder.decode(EncodedHeader.parse(encodedDelta, "b"), encodedDelta, "benchmark", buf);
    }
}
