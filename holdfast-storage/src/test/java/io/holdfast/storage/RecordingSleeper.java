package io.holdfast.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Sleeper} that does not sleep but records what it was asked to wait, and may run an action each time, so
 * that a test can change the world between two attempts of a retry. Shipped in this module's test jar.
 */
public final class RecordingSleeper implements Sleeper {
    /** What to do instead of sleeping. */
    @FunctionalInterface
    public interface Action {
        void run(Duration duration) throws Exception;
    }

    private final List<Duration> sleeps = new ArrayList<>();
    private final Action action;

    /** A sleeper that only records. */
    public RecordingSleeper() {
        this(duration -> {});
    }

    /** A sleeper that records and runs {@code action}. */
    public RecordingSleeper(Action action) {
        this.action = action;
    }

    @Override
    public synchronized void sleep(Duration duration) throws InterruptedException {
        sleeps.add(duration);
        try {
            action.run(duration);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("sleeper action failed", e);
        }
    }

    /** The durations asked for, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
