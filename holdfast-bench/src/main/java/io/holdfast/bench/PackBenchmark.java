package io.holdfast.bench;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.crypto.Crypto;
import io.holdfast.format.crypto.MasterKey;
import io.holdfast.format.pack.PackWriter;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Assembling a pack with {@link PackWriter} from blobs already encrypted (the buffer cut into 1 MiB blobs): copying
 * them in, encrypting the header, and hashing the whole pack for its name.
 */
public class PackBenchmark extends BufferState {
    private static final int BLOB = 1 << 20;

    private final Crypto crypto = new Crypto(MasterKey.random());
    private List<byte[]> blobs = List.of();
    private List<Id> ids = List.of();

    @Override
    protected void prepare() {
        List<byte[]> b = new ArrayList<>();
        List<Id> i = new ArrayList<>();
        for (int off = 0; off < buf.length; off += BLOB) {
            int len = Math.min(BLOB, buf.length - off);
            b.add(crypto.encrypt(buf, off, len));
            i.add(Id.hash(buf, off, len));
        }
        blobs = b;
        ids = i;
    }

    @Benchmark
    public Id packWrite() {
        PackWriter w = new PackWriter(buf.length + (64 << 10));
        for (int k = 0; k < blobs.size(); k++) {
            byte[] e = blobs.get(k);
            w.add(BlobType.DATA, ids.get(k), e, 0, e.length, 0);
        }
        return w.finish(crypto).id();
    }
}
