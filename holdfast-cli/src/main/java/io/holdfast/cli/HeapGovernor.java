package io.holdfast.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Map;
import javax.management.NotificationEmitter;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the old generation of the serial collector near what the command holds: when, after a young collection, the
 * old generation holds more than {@code factor} times what it held after the last full collection (and more than a
 * floor), a full collection is made. The serial collector itself collects the old generation only when it is full,
 * and it starts at the initial heap (a 64th of the RAM); a long step filled it with objects that had died since they
 * were promoted (a restore's finished batches, a backup's listed directories), and every page of it stayed resident:
 * the restore of 208,830 small files held 75–99 MB after full collections and peaked at 367–393 MB; governed with a
 * factor of 1.5, at 287–292 MB, 0.1–0.2 s longer (design.md §22).
 *
 * <p>{@code HOLDFAST_HEAP_FACTOR} sets the factor (default 1.5; {@code 0} turns the governor off). Other collectors
 * ({@code HOLDFAST_JAVA_OPTS=-XX:+UseG1GC}) are left alone.
 */
final class HeapGovernor {
    static final double DEFAULT_FACTOR = 1.5;
    /** Below this the old generation is not worth a full collection. */
    static final long FLOOR = 96L << 20;

    /** The old generation as the policy sees it: a threshold to set and what it held after the last collection. */
    interface OldGeneration {
        void threshold(long bytes);

        long usedAfterLastCollection();
    }

    private final OldGeneration old;
    private final Runnable collect;
    private final double factor;

    HeapGovernor(OldGeneration old, Runnable collect, double factor) {
        this.old = old;
        this.collect = collect;
        this.factor = factor;
        old.threshold(FLOOR);
    }

    /** The old generation went past its threshold: collect, and set the next one from what is left. */
    void exceeded() {
        collect.run();
        old.threshold(Math.max(FLOOR, (long) (old.usedAfterLastCollection() * factor)));
    }

    /** The factor {@code HOLDFAST_HEAP_FACTOR} gives; 0 (off) if it is not a number of at least 1. */
    static double factor(Map<String, String> env) {
        String value = env.get("HOLDFAST_HEAP_FACTOR");
        if (value == null || value.isBlank()) {
            return DEFAULT_FACTOR;
        }
        try {
            double f = Double.parseDouble(value.strip());
            return f >= 1 ? f : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Installs a governor on this JVM's serial old generation after {@code delay} (a command that ends sooner never
     * loads the management classes: {@code version} starts in 0.2 s), if the JVM has one and the factor is not 0.
     */
    static void installLater(Map<String, String> env, java.time.Duration delay) {
        double factor = factor(env);
        if (factor <= 0) {
            return;
        }
        Thread.ofPlatform().daemon().name("holdfast-heap").start(() -> {
            try {
                Thread.sleep(delay);
                install(factor);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Installs a governor on this JVM's serial old generation, if the JVM has one and the factor is not 0. */
    static @Nullable HeapGovernor install(double factor) {
        if (factor <= 0) {
            return null;
        }
        MemoryPoolMXBean tenured = null;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP
                    && p.getName().equals("Tenured Gen")
                    && p.isUsageThresholdSupported()
                    && p.isCollectionUsageThresholdSupported()) {
                tenured = p;
            }
        }
        if (tenured == null) {
            return null;
        }
        MemoryPoolMXBean pool = tenured;
        HeapGovernor governor = new HeapGovernor(
                new OldGeneration() {
                    @Override
                    public void threshold(long bytes) {
                        long max = pool.getUsage().getMax();
                        pool.setUsageThreshold(max < 0 ? bytes : Math.min(bytes, max));
                    }

                    @Override
                    public long usedAfterLastCollection() {
                        java.lang.management.MemoryUsage after = pool.getCollectionUsage();
                        return after == null ? 0 : after.getUsed();
                    }
                },
                System::gc,
                factor);
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean())
                .addNotificationListener(
                        (n, h) -> {
                            if (n.getType().equals(MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED)) {
                                governor.exceeded();
                            }
                        },
                        null,
                        null);
        return governor;
    }
}
