package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.CheckOptions;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.engine.maintenance.PackInfo;
import io.holdfast.engine.maintenance.PruneOptions;
import io.holdfast.engine.maintenance.PruneResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Holdfast prunes a repository restic wrote; restic then checks every byte and restores every snapshot identical. */
class PruneResticTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "restic repository version {0}")
    @CsvSource({"2", "1"})
    void resticChecksAndRestoresAfterHoldfastPrunedItsRepository(int version) throws Exception {
        Path a = TestData.sourceTree(tmp.resolve("a"), 41, 6 << 20);
        Path b = TestData.sourceTree(tmp.resolve("b"), 42, 3 << 20);
        Path c = TestData.sourceTree(tmp.resolve("c"), 41, 6 << 20);
        PruneTest.changeSecondHalf(c.resolve("model.bin"), 5);
        Files.writeString(c.resolve("dataset/text/doc3.txt"), "edited\n");
        Path d = TestData.sourceTree(tmp.resolve("d"), 43, 2 << 20);
        Path repo = tmp.resolve("repo");
        Restic restic = new Restic(repo, PruneTest.PASSWORD);
        restic.ok("init", "--repository-version", Integer.toString(version));
        Map<Path, String> ids = new HashMap<>();
        for (Path src : List.of(a, b, c, d)) {
            restic.ok("backup", src.toString());
            ids.put(src, latestFor(restic, src));
        }
        restic.ok("forget", ids.get(a), ids.get(b));

        PruneResult r;
        try (Holdfast h = Holdfast.open(repo.toString(), PruneTest.PASSWORD, PruneTest.OPTS, false)) {
            r = h.prune(PruneOptions.DEFAULTS, MaintenanceProgress.NONE);
        }
        assertThat(r.snapshots()).isEqualTo(2);
        assertThat(r.plan().ids(PackInfo.Action.DELETE)).isNotEmpty();
        assertThat(r.plan().ids(PackInfo.Action.REPACK)).isNotEmpty();
        assertThat(r.plan().stats().prunedBytes()).isGreaterThan(3 << 20);

        restic.ok("check", "--read-data");
        for (Path src : List.of(c, d)) {
            Path target = tmp.resolve("restic-restore-" + src.getFileName());
            restic.ok("restore", ids.get(src), "--target", target.toString());
            TestData.assertSameTree(src, target.resolve(src.toString().substring(1)));
        }
        try (Holdfast h = Holdfast.open(repo.toString(), PruneTest.PASSWORD, PruneTest.OPTS, false)) {
            var check = h.check(CheckOptions.READ_DATA, BackupProgress.NONE);
            assertThat(check.errors()).isEmpty();
            assertThat(check.warnings()).isEmpty();
        }
        // restic's own prune finds nothing left to delete
        String resticPrune = restic.ok("prune", "--dry-run").out();
        assertThat(resticPrune).containsPattern("to delete:\\s+0 blobs");
    }

    private static String latestFor(Restic restic, Path src) throws Exception {
        JsonNode list =
                new ObjectMapper().readTree(restic.ok("snapshots", "--json").out());
        List<String> hits = new ArrayList<>();
        for (JsonNode s : list) {
            if (s.get("paths").get(0).asText().equals(src.toString())) {
                hits.add(s.get("id").asText());
            }
        }
        assertThat(hits).hasSize(1);
        return hits.get(0);
    }
}
