package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.RestoreOptions;
import io.holdfast.engine.RestoredFileHook;
import io.holdfast.engine.fs.FsPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore reports its totals before writing, then every file and byte, so progress shows a real percentage. */
class RestoreProgressTest {
    @TempDir
    Path tmp;

    @Test
    void totalsComeFirstAndEveryFileAndByteIsCounted() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Random random = new Random(3);
        long expectedBytes = 0;
        for (int i = 0; i < 12; i++) {
            byte[] data = new byte[1000 + random.nextInt(400_000)];
            random.nextBytes(data);
            Files.write((i % 2 == 0 ? src : src.getParent()).resolve("f" + i), data);
            expectedBytes += data.length;
        }
        Files.writeString(src.resolve("empty"), "");
        Files.createSymbolicLink(src.resolve("link"), Path.of("f0"));
        String repo = tmp.resolve("repo").toString();
        Holdfast.init(repo, History.PASSWORD, InitOptions.DEFAULTS, History.OPTIONS)
                .close();
        try (Holdfast h = Holdfast.open(repo, History.PASSWORD, History.OPTIONS, false)) {
            h.backup(BackupOptions.DEFAULTS.withPaths(src.getParent()), BackupProgress.NONE);
        }

        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AtomicLong bytes = new AtomicLong();
        AtomicLong files = new AtomicLong();
        BackupProgress recorder = new BackupProgress() {
            @Override
            public void scanned(long f, long b) {
                events.add("scanned " + f + " " + b);
            }

            @Override
            public void bytesDone(long b) {
                if (events.isEmpty() || !events.getLast().equals("bytes")) {
                    events.add("bytes");
                }
                bytes.addAndGet(b);
            }

            @Override
            public void fileDone(String path, FileStatus status) {
                files.incrementAndGet();
            }
        };
        try (Holdfast h = Holdfast.open(repo, History.PASSWORD, History.OPTIONS, false)) {
            h.restore(
                    "latest",
                    FsPath.of(tmp.resolve("target").toString()),
                    RestoreOptions.DEFAULTS,
                    recorder,
                    RestoredFileHook.NONE);
        }

        assertThat(events.getFirst()).isEqualTo("scanned 13 " + expectedBytes);
        assertThat(events.stream().filter(e -> e.startsWith("scanned"))).hasSize(1);
        assertThat(files.get()).isEqualTo(13);
        assertThat(bytes.get()).isEqualTo(expectedBytes);
    }
}
