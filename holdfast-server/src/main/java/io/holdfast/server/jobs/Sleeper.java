package io.holdfast.server.jobs;

import java.time.Duration;

/** Waits; tests inject one that advances a clock instead. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}
