package io.holdfast.storage;

import java.time.Duration;

/**
 * Waits for a while. Decorators that wait (between retries, or to inject latency) take a sleeper instead of calling
 * {@link Thread#sleep} themselves, so that tests can record the waits instead of spending them.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread with {@link Thread#sleep(Duration)}. */
    Sleeper SYSTEM = Thread::sleep;

    /**
     * Waits for {@code duration}.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
