package io.holdfast.bench;

import io.holdfast.format.BlobType;
import io.holdfast.format.Compression;
import io.holdfast.format.Id;
import io.holdfast.format.chunker.Chunker;
import io.holdfast.format.chunker.ChunkerSpec;
import io.holdfast.format.chunker.Polynomial;
import io.holdfast.format.crypto.Crypto;
import io.holdfast.format.crypto.MasterKey;
import io.holdfast.format.pack.PackWriter;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Everything a backup does to new data on one core, without I/O: Rabin chunking, SHA-256 per chunk, zstd level 3
 * (kept only where smaller), encryption, and pack assembly with its header and name. Its throughput is the per-core
 * ceiling of a backup of new data; an end-to-end backup on {@code n} cores cannot beat {@code n} times it.
 */
public class PipelineBenchmark extends BufferState {
    private final Chunker rabin =
            ChunkerSpec.rabin(Polynomial.randomIrreducible(new Random(1))).newStreamChunker();
    private final Crypto crypto = new Crypto(MasterKey.random());

    @Benchmark
    public Id backupPipeline() {
        PackWriter w = new PackWriter(buf.length + (64 << 10));
        rabin.reset();
        int start = 0;
        int off = 0;
        while (off < buf.length) {
            int cut = rabin.findBoundary(buf, off, buf.length - off);
            if (cut < 0) {
                break;
            }
            off += cut;
            addChunk(w, start, off - start);
            start = off;
        }
        if (start < buf.length) {
            addChunk(w, start, buf.length - start);
        }
        return w.finish(crypto).id();
    }

    private void addChunk(PackWriter w, int off, int len) {
        Id id = Id.hash(buf, off, len);
        byte[] z = Compression.AUTO.compress(buf, off, len);
        byte[] enc = z == null ? crypto.encrypt(buf, off, len) : crypto.encrypt(z);
        w.add(BlobType.DATA, id, enc, 0, enc.length, z == null ? 0 : len);
    }
}
