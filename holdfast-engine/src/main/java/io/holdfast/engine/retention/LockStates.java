package io.holdfast.engine.retention;

import io.holdfast.repository.Executors2;
import io.holdfast.storage.Handle;
import io.holdfast.storage.LockState;
import io.holdfast.storage.ObjectLocking;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Reads or changes the locks of many files, {@code connections} requests at a time. */
public final class LockStates {
    private LockStates() {}

    /** Each file's lock; empty for a file that does not exist. */
    static Map<Handle, Optional<LockState>> read(ObjectLocking locking, Collection<Handle> files, int connections)
            throws IOException {
        ExecutorService pool = Executors2.fixed("holdfast-lock", Math.max(1, connections));
        try {
            List<Future<Optional<LockState>>> futures = new ArrayList<>(files.size());
            for (Handle h : files) {
                futures.add(pool.submit(() -> {
                    try {
                        return Optional.of(locking.lockState(h));
                    } catch (NoSuchFileException e) {
                        return Optional.empty();
                    }
                }));
            }
            Map<Handle, Optional<LockState>> out = new LinkedHashMap<>();
            int i = 0;
            for (Handle h : files) {
                out.put(h, Executors2.await(futures.get(i++)));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs {@code action} on each file, {@code connections} at a time; returns how many returned true. */
    public static int forEach(Collection<Handle> files, int connections, Action action) throws IOException {
        ExecutorService pool = Executors2.fixed("holdfast-lock", Math.max(1, connections));
        try {
            List<Future<Boolean>> futures = new ArrayList<>(files.size());
            for (Handle h : files) {
                futures.add(pool.submit(() -> action.apply(h)));
            }
            int n = 0;
            for (Future<Boolean> f : futures) {
                n += Executors2.await(f) ? 1 : 0;
            }
            return n;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Something done to one file. */
    @FunctionalInterface
    public interface Action {
        boolean apply(Handle h) throws IOException;
    }
}
