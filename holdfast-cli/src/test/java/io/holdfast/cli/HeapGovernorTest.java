package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The governor's policy: a threshold at the floor to begin with; when it is exceeded, one full collection, then the next
 * threshold at the factor times what the old generation held after it, never below the floor.
 */
class HeapGovernorTest {
    private static final long MB = 1L << 20;

    /** An old generation whose "after the last collection" is whatever the test says the collection left. */
    private static final class FakeOld implements HeapGovernor.OldGeneration {
        final List<Long> thresholds = new ArrayList<>();
        long left;

        @Override
        public void threshold(long bytes) {
            thresholds.add(bytes);
        }

        @Override
        public long usedAfterLastCollection() {
            return left;
        }
    }

    @Test
    void collectsWhenExceededAndSetsTheNextThresholdFromWhatIsLeft() {
        FakeOld old = new FakeOld();
        int[] collections = {0};
        HeapGovernor governor = new HeapGovernor(old, () -> collections[0]++, 1.5);
        assertThat(old.thresholds).containsExactly(HeapGovernor.FLOOR);

        old.left = 100 * MB;
        governor.exceeded();
        assertThat(collections[0]).isEqualTo(1);
        assertThat(old.thresholds).last().isEqualTo(150 * MB);

        old.left = 40 * MB; // a batch's objects died: the threshold comes down, but not below the floor
        governor.exceeded();
        assertThat(collections[0]).isEqualTo(2);
        assertThat(old.thresholds).last().isEqualTo(HeapGovernor.FLOOR);

        old.left = 1000 * MB;
        governor.exceeded();
        assertThat(old.thresholds).last().isEqualTo(1500 * MB);
    }

    @Test
    void theFactorComesFromTheEnvironment() {
        assertThat(HeapGovernor.factor(Map.of())).isEqualTo(HeapGovernor.DEFAULT_FACTOR);
        assertThat(HeapGovernor.factor(Map.of("HOLDFAST_HEAP_FACTOR", " 2 "))).isEqualTo(2.0);
        assertThat(HeapGovernor.factor(Map.of("HOLDFAST_HEAP_FACTOR", "0"))).isZero();
        assertThat(HeapGovernor.factor(Map.of("HOLDFAST_HEAP_FACTOR", "0.5")))
                .as("below 1: off")
                .isZero();
        assertThat(HeapGovernor.factor(Map.of("HOLDFAST_HEAP_FACTOR", "lots"))).isZero();
    }

    /**
     * In a JVM with the serial collector and a 512 MB initial heap (whose old generation the collector itself would not
     * collect before it is full), promoting 600 MB of objects that die soon after makes the governor collect it, and the
     * old generation never holds much more than the floor: it peaks below 150 MB (measured 102–107). Without the governor
     * it grows past 200 MB (measured 245).
     */
    @Test
    void keepsTheSerialOldGenerationNearWhatIsLive() throws Exception {
        assertThat(runChurn("1.5")).as("peak old generation, governed, MB").isBetween(50L, 150L);
        assertThat(runChurn("0")).as("peak old generation, not governed, MB").isGreaterThan(200L);
    }

    private static long runChurn(String factor) throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        javaCommand,
                        "-XX:+UseSerialGC",
                        "-Xms512m",
                        "-Xmx1g",
                        "-Xmn32m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Churn.class.getName(),
                        factor)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return Long.parseLong(out.strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    /** Promotes short-lived batches of objects and prints the old generation's peak use in MB. */
    public static final class Churn {
        static volatile byte[] sink = new byte[0];

        public static void main(String[] args) throws Exception {
            HeapGovernor.install(Double.parseDouble(args[0]));
            java.lang.management.MemoryPoolMXBean tenured =
                    java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(pool -> pool.getName().equals("Tenured Gen"))
                            .findFirst()
                            .orElseThrow();
            long peak = 0;
            for (int batch = 0; batch < 60; batch++) {
                List<byte[]> held = new ArrayList<>();
                for (int i = 0; i < 10 * 16; i++) {
                    held.add(new byte[64 << 10]); // 10 MB a batch, held across young collections: promoted
                    for (int j = 0; j < 4; j++) {
                        sink = new byte[64 << 10]; // garbage that fills the young generation
                    }
                }
                peak = Math.max(peak, tenured.getUsage().getUsed());
                held.clear();
            }
            System.out.println(peak >> 20);
        }
    }

    @Test
    void turnedOffItInstallsNothing() {
        assertThat(HeapGovernor.install(0)).isNull();
    }
}
