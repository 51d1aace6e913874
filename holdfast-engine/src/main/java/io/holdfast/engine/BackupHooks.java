package io.holdfast.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Commands run around a backup for an application-consistent copy ({@code backup --pre CMD --post CMD}): flush and
 * freeze before the files are read, thaw after. {@code pre} runs first; if it fails, nothing is read and no snapshot
 * is written. {@code post} always runs once {@code pre} has run: after the data is stored and before the snapshot is
 * saved (so its result is in the snapshot's summary), or after a failure. Each runs as {@code sh -c COMMAND} with
 * standard input closed, {@code HOLDFAST_HOOK} set to {@code pre} or {@code post} and, for {@code post},
 * {@code HOLDFAST_BACKUP_STATUS} set to {@code success} or {@code failure}.
 *
 * @param pre the command before reading; null for none
 * @param post the command after; null for none
 * @param timeout how long each may run before it is killed (counted as failed)
 */
public record BackupHooks(@Nullable String pre, @Nullable String post, Duration timeout) {
    public static final BackupHooks NONE = new BackupHooks(null, null, Duration.ofMinutes(10));

    /** The most output kept per command (its end), in the summary and the job log. */
    static final int MAX_OUTPUT = 16 * 1024;

    /**
     * What one command did.
     *
     * @param stage {@code pre} or {@code post}
     * @param exitCode its exit code; -1 if it could not start or was killed at the timeout
     * @param output its standard output and error, interleaved, the last {@link #MAX_OUTPUT} bytes
     */
    public record Result(String stage, String command, int exitCode, String output, Duration duration) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public boolean any() {
        return pre != null || post != null;
    }

    /** Runs {@code command} for {@code stage}. */
    Result run(String stage, String command, Map<String, String> env) {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("HOLDFAST_HOOK", stage);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            Tail tail = new Tail(p.getInputStream());
            Thread reader = Thread.ofVirtual().start(tail);
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            reader.join();
            String out = tail.text() + (done ? "" : "\n(killed after " + timeout.toSeconds() + " s)");
            return new Result(
                    stage, command, done ? p.exitValue() : -1, out, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            return new Result(
                    stage, command, -1, "cannot run: " + e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(stage, command, -1, "interrupted", Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Reads a stream to its end, keeping the last {@link #MAX_OUTPUT} bytes. */
    private static final class Tail implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Tail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    kept.write(buf, 0, n);
                    if (kept.size() > 2 * MAX_OUTPUT) {
                        byte[] all = kept.toByteArray();
                        kept.reset();
                        kept.write(all, all.length - MAX_OUTPUT, MAX_OUTPUT);
                    }
                }
            } catch (IOException e) {
                // the process went away; what was read stands
            }
        }

        String text() {
            byte[] all = kept.toByteArray();
            int from = Math.max(0, all.length - MAX_OUTPUT);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        }
    }
}
