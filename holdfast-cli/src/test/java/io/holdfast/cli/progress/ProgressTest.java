package io.holdfast.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Progress start(ProgressCounters counters, Progress.Mode mode) {
        return Progress.start(counters, mode, new PrintWriter(out), new PrintWriter(err), 100);
    }

    @Test
    void modeFollowsTheOptionsAndTheTerminal() {
        assertThat(Progress.Mode.choose(false, false, true)).isEqualTo(Progress.Mode.TERMINAL);
        assertThat(Progress.Mode.choose(false, false, false)).isEqualTo(Progress.Mode.NONE);
        assertThat(Progress.Mode.choose(true, false, false)).isEqualTo(Progress.Mode.JSON);
        assertThat(Progress.Mode.choose(true, true, true)).isEqualTo(Progress.Mode.NONE);
        assertThat(Progress.Mode.choose(false, true, true)).isEqualTo(Progress.Mode.NONE);
    }

    @Test
    void countersAddUpAcrossThreads() {
        ProgressCounters counters = new ProgressCounters();

        IntStream.range(0, 1000).parallel().forEach(i -> {
            counters.fileFound(10);
            counters.addBytesDone(10);
            counters.fileDone();
        });
        counters.error();

        assertThat(counters.snapshot()).isEqualTo(new ProgressCounters.Snapshot(1000, 1000, 10_000, 10_000, 1));
    }

    @Test
    void jsonStatusLinesOnStandardOutput() throws Exception {
        ProgressCounters counters = new ProgressCounters();
        counters.fileFound(2048);

        try (Progress progress = start(counters, Progress.Mode.JSON)) {
            assertThat(progress.mode()).isEqualTo(Progress.Mode.JSON);
            counters.addBytesDone(1024);
        }

        String[] lines = out.toString().split("\n");
        assertThat(lines).isNotEmpty();
        JsonNode last = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(last.get("message_type").asText()).isEqualTo("status");
        assertThat(last.get("total_bytes").asLong()).isEqualTo(2048);
        assertThat(last.get("bytes_done").asLong()).isEqualTo(1024);
        assertThat(last.get("percent_done").asDouble()).isEqualTo(0.5);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void terminalLineIsRedrawnOnStandardErrorFromADaemonThreadAndClearedAtTheEnd() throws Exception {
        ProgressCounters counters = new ProgressCounters();
        counters.fileFound(100);
        CountDownLatch drawn = new CountDownLatch(1);
        Thread[] drawer = new Thread[1];

        try (Progress progress = start(counters, Progress.Mode.TERMINAL)) {
            for (int i = 0; i < 100 && !err.toString().contains("[0:0"); i++) {
                Thread.sleep(20);
            }
            drawer[0] = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("holdfast-progress"))
                    .findFirst()
                    .orElseThrow();
            drawn.countDown();
            progress.message("warning: cannot read /data/x");
            for (int i = 0; i < 100 && !afterWarning(err.toString()).contains("[0:0"); i++) {
                Thread.sleep(20);
            }
            assertThat(afterWarning(err.toString()))
                    .as("redrawn below the message")
                    .contains("\r[0:0");
        }

        assertThat(drawn.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(drawer[0].isDaemon()).isTrue();
        assertThat(drawer[0].isAlive()).isFalse();
        String written = err.toString();
        assertThat(written).startsWith("\r[0:00] 0.0% [>").contains("warning: cannot read /data/x\n");
        assertThat(written).endsWith("\r");
        assertThat(out.toString()).isEmpty();
    }

    private static String afterWarning(String written) {
        int at = written.indexOf("/data/x\n");
        return at < 0 ? "" : written.substring(at);
    }

    @Test
    void noneWritesNothingAndStartsNoThread() {
        try (Progress progress = start(new ProgressCounters(), Progress.Mode.NONE)) {
            progress.message("shown");
        }

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("shown\n");
    }
}
