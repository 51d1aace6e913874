package io.holdfast.engine.fs;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link FileChannel} over a file descriptor that {@link LinuxFs} opened (with flags {@link FileChannel#open} cannot
 * give, such as {@code O_NOATIME} and {@code O_NOFOLLOW}). Reads and writes are {@code pread}/{@code pwrite}: a heap
 * buffer passes through a pooled native buffer of {@link #SLICE} bytes; a direct buffer is used as it is. Mapping,
 * locking and transfers are not supported.
 */
final class NativeChannel extends FileChannel {
    static final int SLICE = 256 << 10;
    private static final ConcurrentLinkedQueue<MemorySegment> POOL = new ConcurrentLinkedQueue<>();

    private final int fd;
    private final FsPath path;
    private long position;

    NativeChannel(int fd, FsPath path) {
        this.fd = fd;
        this.path = path;
    }

    private static MemorySegment take() {
        MemorySegment s = POOL.poll();
        return s != null ? s : Arena.global().allocate(SLICE, 64);
    }

    private void ensureOpen() throws IOException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        synchronized (this) {
            int n = read(dst, position);
            if (n > 0) {
                position += n;
            }
            return n;
        }
    }

    @Override
    public int read(ByteBuffer dst, long pos) throws IOException {
        ensureOpen();
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (dst.isDirect()) {
            long n = Fd.pread(fd, MemorySegment.ofBuffer(dst), dst.remaining(), pos, path);
            if (n > 0) {
                dst.position(dst.position() + (int) n);
            }
            return n == 0 ? -1 : (int) n;
        }
        MemorySegment buf = take();
        try {
            int want = Math.min(SLICE, dst.remaining());
            long n = Fd.pread(fd, buf, want, pos, path);
            if (n <= 0) {
                return -1;
            }
            MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, dst.array(), dst.arrayOffset() + dst.position(), (int) n);
            dst.position(dst.position() + (int) n);
            return (int) n;
        } finally {
            POOL.offer(buf);
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        synchronized (this) {
            int n = write(src, position);
            position += n;
            return n;
        }
    }

    @Override
    public int write(ByteBuffer src, long pos) throws IOException {
        ensureOpen();
        if (src.isDirect()) {
            long n = Fd.pwrite(fd, MemorySegment.ofBuffer(src), src.remaining(), pos, path);
            src.position(src.position() + (int) n);
            return (int) n;
        }
        MemorySegment buf = take();
        try {
            int len = Math.min(SLICE, src.remaining());
            MemorySegment.copy(src.array(), src.arrayOffset() + src.position(), buf, ValueLayout.JAVA_BYTE, 0, len);
            long n = Fd.pwrite(fd, buf, len, pos, path);
            src.position(src.position() + (int) n);
            return (int) n;
        } finally {
            POOL.offer(buf);
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            while (srcs[i].hasRemaining()) {
                total += write(srcs[i]);
            }
        }
        return total;
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position");
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return Fd.fstat(fd, path).size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        ensureOpen();
        Fd.ftruncate(fd, size, path);
        synchronized (this) {
            position = Math.min(position, size);
        }
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        Fd.fsync(fd, path);
    }

    /** {@code fstat} of the open file. */
    FileStat stat() throws IOException {
        ensureOpen();
        return Fd.fstat(fd, path);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException("transferTo");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException("transferFrom");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("map");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("lock");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("tryLock");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        Fd.close(fd, path);
    }
}
