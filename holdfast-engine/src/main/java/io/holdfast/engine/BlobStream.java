package io.holdfast.engine;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.repository.Executors2;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The content of a file in a snapshot as a stream: its data blobs, loaded and verified in order, a few ahead on the
 * repository's CPU pool. Not thread-safe.
 */
final class BlobStream extends InputStream {
    private final Repository repo;
    private final List<Id> ids;
    private final int ahead;
    private final ArrayDeque<Future<byte[]>> loading = new ArrayDeque<>();
    private int next;
    private byte[] current = new byte[0];
    private int pos;

    BlobStream(Repository repo, List<Id> ids, int ahead) {
        this.repo = repo;
        this.ids = List.copyOf(ids);
        this.ahead = Math.max(1, ahead);
        prefetch();
    }

    private void prefetch() {
        while (loading.size() < ahead && next < ids.size()) {
            Id id = ids.get(next++);
            loading.add(repo.workers().submit(() -> repo.loadBlob(BlobType.DATA, id)));
        }
    }

    /** Moves to the next blob; false at the end. */
    private boolean advance() throws IOException {
        Future<byte[]> f = loading.poll();
        if (f == null) {
            return false;
        }
        current = Executors2.await(f);
        pos = 0;
        prefetch();
        return true;
    }

    @Override
    public int read() throws IOException {
        while (pos == current.length) {
            if (!advance()) {
                return -1;
            }
        }
        return current[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (pos == current.length) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        for (Future<byte[]> f : loading) {
            f.cancel(true);
        }
        loading.clear();
    }
}
