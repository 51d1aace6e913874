package io.holdfast.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.format.Id;
import io.holdfast.format.pack.PackWriter;
import io.holdfast.storage.BackendProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PackUploadsTest {
    private static PackWriter.Finished pack(String name) {
        return new PackWriter.Finished(new byte[0], 0, Id.hash(name.getBytes(StandardCharsets.UTF_8)), List.of());
    }

    @Test
    void onLocalStorageTheSavingThreadUploads() throws Exception {
        Thread caller = Thread.currentThread();
        AtomicInteger inline = new AtomicInteger();
        PackUploads u = new PackUploads(
                new BackendProperties(8, true),
                p -> inline.addAndGet(Thread.currentThread() == caller ? 1 : 0),
                p -> {});
        u.submit(pack("a"));
        assertThat(inline.get()).isEqualTo(1);
        u.await();
        u.close();
    }

    @Test
    void onRemoteStorageAtMostFourPacksTravelAtOnceAndAwaitWaitsForAll() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        var done = ConcurrentHashMap.<Id>newKeySet();
        PackUploads u = new PackUploads(
                new BackendProperties(8, false),
                p -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    running.decrementAndGet();
                    done.add(p.id());
                },
                p -> {});
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 10; i++) {
                    u.submit(pack("p" + i));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        producer.start();
        while (running.get() < 4) {
            Thread.onSpinWait();
        }
        assertThat(producer.isAlive())
                .as("the fifth pack waits for a free upload")
                .isTrue();
        release.countDown();
        producer.join();
        u.await();
        assertThat(done).hasSize(10);
        assertThat(most.get()).isEqualTo(4);
        u.close();
    }

    @Test
    void aFailedBackgroundUploadFailsTheNextCheckAndAwait() throws Exception {
        PackUploads u = new PackUploads(
                new BackendProperties(2, false),
                p -> {
                    throw new IOException("server gone");
                },
                p -> {});
        u.submit(pack("x"));
        assertThatThrownBy(u::await).isInstanceOf(IOException.class).hasMessage("server gone");
        assertThat(u.failed()).isTrue();
        assertThatThrownBy(u::check).hasMessage("server gone");
        u.close();
    }
}
