package io.holdfast.bench;

import io.holdfast.format.chunker.Chunker;
import io.holdfast.format.chunker.ChunkerSpec;
import io.holdfast.format.chunker.Polynomial;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;

/** Content-defined chunking of the buffer: restic's Rabin chunker and the FastCDC (gear) chunker. */
public class ChunkerBenchmark extends BufferState {
    private final Chunker rabin =
            ChunkerSpec.rabin(Polynomial.randomIrreducible(new Random(1))).newStreamChunker();
    private final Chunker fastCdc = ChunkerSpec.fastCdc().newStreamChunker();

    @Benchmark
    public int rabin() {
        return chunkAll(rabin, buf);
    }

    @Benchmark
    public int fastCdc() {
        return chunkAll(fastCdc, buf);
    }

    /** Feeds the whole buffer as one stream; returns the number of cuts plus the length of the last chunk. */
    static int chunkAll(Chunker c, byte[] buf) {
        c.reset();
        int off = 0;
        int cuts = 0;
        while (off < buf.length) {
            int cut = c.findBoundary(buf, off, buf.length - off);
            if (cut < 0) {
                break;
            }
            off += cut;
            cuts++;
        }
        return cuts + c.currentChunkLength();
    }
}
