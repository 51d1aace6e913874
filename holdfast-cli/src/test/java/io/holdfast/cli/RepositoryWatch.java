package io.holdfast.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches a local repository's {@code data/*}, {@code index} and {@code snapshots} directories (inotify on Linux) and
 * counts files that appear or disappear there, temporary files aside: the writes and deletes that change what the
 * repository holds. The crash harness uses it to kill a command right after one of its writes, which random moments
 * rarely hit because a command spends most of its time reading and computing.
 */
final class RepositoryWatch implements AutoCloseable {
    private final WatchService service;
    private int changes;

    RepositoryWatch(Path repo) throws IOException {
        service = FileSystems.getDefault().newWatchService();
        try (Stream<Path> data = Files.list(repo.resolve("data"))) {
            for (Path dir : Stream.concat(data, Stream.of(repo.resolve("index"), repo.resolve("snapshots")))
                    .toList()) {
                dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    /**
     * Waits until {@code count} changes in all have been seen, the process has exited, or {@code timeoutMillis} have
     * passed; returns whether {@code count} changes were seen.
     */
    boolean awaitChanges(int count, Process p, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (changes < count && p.isAlive() && System.nanoTime() < deadline) {
            WatchKey key = service.poll(1, TimeUnit.MILLISECONDS);
            if (key != null) {
                changes += relevant(key.pollEvents());
                key.reset();
            }
        }
        return changes >= count;
    }

    /** The changes seen so far, after draining pending events. */
    int changes() {
        WatchKey key;
        while ((key = service.poll()) != null) {
            changes += relevant(key.pollEvents());
            key.reset();
        }
        return changes;
    }

    private static int relevant(List<WatchEvent<?>> events) {
        int n = 0;
        for (WatchEvent<?> e : events) {
            if (e.context() instanceof Path name && !name.toString().startsWith(".")) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
