package io.holdfast.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static final long MIB = 1 << 20;

    private static ProgressCounters.Snapshot snapshot(
            long filesTotal, long filesDone, long bytesTotal, long bytesDone) {
        return new ProgressCounters.Snapshot(filesTotal, filesDone, bytesTotal, bytesDone, 0);
    }

    @Test
    void lineWithBarOnAWideTerminal() {
        String line = ProgressLine.render(snapshot(40, 10, 100 * MIB, 25 * MIB), Duration.ofSeconds(10), 120);

        assertThat(line)
                .isEqualTo("[0:10] 25.0% [=======>                    ] 10/40 files  25.000 MiB / 100.000 MiB"
                        + "  2.5 MiB/s  ETA 0:30");
        assertThat(line.length()).isLessThan(120);
    }

    @Test
    void barGoesOnANarrowTerminal() {
        String line = ProgressLine.render(snapshot(40, 10, 100 * MIB, 25 * MIB), Duration.ofSeconds(10), 80);

        assertThat(line)
                .isEqualTo("[0:10] 25.0%  10/40 files  25.000 MiB / 100.000 MiB  2.5 MiB/s  ETA 0:30")
                .hasSizeLessThan(80);
        assertThat(ProgressLine.render(snapshot(40, 10, 100 * MIB, 25 * MIB), Duration.ofSeconds(10), 66))
                .as("the rate goes before anything is cut")
                .isEqualTo("[0:10] 25.0%  10/40 files  25.000 MiB / 100.000 MiB  ETA 0:30");
        assertThat(ProgressLine.render(snapshot(40, 10, 100 * MIB, 25 * MIB), Duration.ofSeconds(10), 56))
                .as("then the file counts")
                .isEqualTo("[0:10] 25.0%  25.000 MiB / 100.000 MiB  ETA 0:30");
        assertThat(ProgressLine.render(snapshot(40, 10, 100 * MIB, 25 * MIB), Duration.ofSeconds(10), 30))
                .hasSize(29)
                .isEqualTo("[0:10] 25.0%  25.000 MiB / 10");
    }

    @Test
    void doneAndErrors() {
        var snapshot = new ProgressCounters.Snapshot(2, 2, 4 * MIB, 4 * MIB, 3);

        String line = ProgressLine.render(snapshot, Duration.ofSeconds(2), 120);

        assertThat(line)
                .startsWith("[0:02] 100.0% [============================] 2/2 files")
                .endsWith("3 errors");
        assertThat(line).doesNotContain("ETA");
    }

    @Test
    void beforeAnythingIsKnown() {
        var empty = snapshot(0, 0, 0, 0);

        assertThat(ProgressLine.fractionDone(empty)).isZero();
        assertThat(ProgressLine.remaining(empty, Duration.ofSeconds(1))).isNull();
        assertThat(ProgressLine.render(empty, Duration.ZERO, 100)).startsWith("[0:00] 0.0% [>");
    }

    @Test
    void fractionByFilesWhenNoBytesAreKnownAndNeverAboveOne() {
        assertThat(ProgressLine.fractionDone(snapshot(4, 1, 0, 0))).isEqualTo(0.25);
        assertThat(ProgressLine.fractionDone(snapshot(1, 1, 10, 20))).isEqualTo(1.0);
    }

    @Test
    void remainingAtTheAverageRate() {
        assertThat(ProgressLine.remaining(snapshot(1, 0, 100, 20), Duration.ofSeconds(8)))
                .isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void jsonStatusInResticShape() {
        var status = ProgressLine.status(snapshot(40, 10, 100 * MIB, 25 * MIB), Duration.ofMillis(10_400));

        assertThat(status)
                .containsExactly(
                        entry("message_type", "status"),
                        entry("seconds_elapsed", 10L),
                        entry("seconds_remaining", 31L),
                        entry("percent_done", 0.25),
                        entry("total_files", 40L),
                        entry("files_done", 10L),
                        entry("total_bytes", 100 * MIB),
                        entry("bytes_done", 25 * MIB));
        // Go's omitempty: zero counts and times are left out, percent_done stays
        assertThat(ProgressLine.status(snapshot(0, 0, 0, 0), Duration.ZERO))
                .containsExactly(entry("message_type", "status"), entry("percent_done", 0.0));
    }

    private static java.util.Map.Entry<String, Object> entry(String key, Object value) {
        return java.util.Map.entry(key, value);
    }
}
