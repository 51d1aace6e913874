package io.holdfast.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The input of every benchmark: one buffer of {@link #size} bytes of {@link #data} content. One thread (one core);
 * throughput is operations per second, each operation processing the whole buffer once. The JVM flags are the ones
 * the {@code holdfast} launcher uses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--enable-native-access=ALL-UNNAMED",
            "--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED",
            "-XX:+UseParallelGC",
            "-XX:+UseCompactObjectHeaders",
            "-Xms1g",
            "-Xmx1g"
        })
@Threads(1)
public abstract class BufferState {
    /** Bytes per operation: 8 MiB (restic's maximum chunk) and 1 MiB (its average chunk). */
    @Param({"8388608", "1048576"})
    public int size;

    /** {@code random}, {@code text} or {@code bf16}: see {@link BenchData.Kind}. */
    @Param({"random", "text", "bf16"})
    public String data = "random";

    /** The buffer. */
    protected byte[] buf = new byte[0];

    @Setup(Level.Trial)
    public void makeBuffer() throws Exception {
        buf = BenchData.make(BenchData.kind(data), size, 0x486f6c64L);
        prepare();
    }

    /** Further set-up, after {@link #buf} is made. */
    protected void prepare() throws Exception {}
}
