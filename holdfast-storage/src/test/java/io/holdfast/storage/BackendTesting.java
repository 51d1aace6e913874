package io.holdfast.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Helpers for tests of backends and of the layers above them. Shipped in this module's test jar. */
public final class BackendTesting {
    private BackendTesting() {}

    /** {@code length} pseudo-random bytes, the same for the same seed. */
    public static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The lower-case hex SHA-256 of {@code content}, the name a file with that content has. */
    public static String hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The handle of a file of {@code type} (not the config) with {@code content}. */
    public static Handle handle(FileType type, byte[] content) {
        return new Handle(type, hex(content));
    }

    /** Saves {@code content} under its hash as a file of {@code type} (not the config) and returns the handle. */
    public static Handle save(Backend backend, FileType type, byte[] content) throws IOException {
        Handle handle = handle(type, content);
        backend.save(handle, ByteBuffer.wrap(content));
        return handle;
    }

    /** Everything {@code backend} lists of {@code type}. */
    public static List<FileInfo> list(Backend backend, FileType type) throws IOException {
        List<FileInfo> listed = new ArrayList<>();
        backend.list(type, listed::add);
        return listed;
    }

    /**
     * Runs the tasks on a thread each, released at the same moment to make races likely, and returns their results.
     */
    public static <T> List<Future<T>> runTogether(List<Callable<T>> tasks) {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> results = new ArrayList<>();
            for (Callable<T> task : tasks) {
                results.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
