package io.holdfast.bench;

import io.holdfast.format.Id;
import org.openjdk.jmh.annotations.Benchmark;

/** SHA-256 of the buffer, as for every blob id and every pack name. */
public class HashBenchmark extends BufferState {
    @Benchmark
    public Id sha256() {
        return Id.hash(buf);
    }
}
