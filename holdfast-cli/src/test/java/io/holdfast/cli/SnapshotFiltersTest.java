package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restic's {@code --host}, {@code --tag} and {@code --path} choose the snapshot {@code latest} stands for in
 * {@code restore}, {@code ls} and {@code stats}, and filter {@code snapshots}, as scripts written for restic use them.
 */
class SnapshotFiltersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path a;
    Path b;

    private TestCli cli() {
        return new TestCli(Map.of(
                "HOLDFAST_PASSWORD",
                "pw",
                "HOLDFAST_REPOSITORY",
                tmp.resolve("repo").toString()));
    }

    private TestCli ok(String... args) {
        TestCli c = cli();
        assertThat(c.run(args))
                .as("holdfast %s: %s", String.join(" ", args), c.err())
                .isZero();
        return c;
    }

    @BeforeEach
    void threeSnapshots() throws Exception {
        a = Files.createDirectories(tmp.resolve("a"));
        b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("from-a.txt"), "a");
        Files.writeString(b.resolve("from-b.txt"), "bb");
        ok("init");
        ok("backup", "--host", "alpha", "--tag", "daily,db", a.toString());
        ok("backup", "--host", "beta", "--tag", "weekly", b.toString());
        Files.writeString(a.resolve("later.txt"), "later");
        ok("backup", "--host", "gamma", b.toString());
    }

    @Test
    void restoreLatestTakesResticsFilters() throws Exception {
        Path byHost = tmp.resolve("t1");
        ok("restore", "latest", "--host", "alpha", "--target", byHost.toString());
        assertThat(byHost.resolve(a.toString().substring(1)).resolve("from-a.txt"))
                .hasContent("a");
        assertThat(byHost.resolve(a.toString().substring(1)).resolve("later.txt"))
                .doesNotExist();

        Path byTag = tmp.resolve("t2");
        ok("restore", "latest", "--tag", "weekly", "--target", byTag.toString());
        assertThat(byTag.resolve(b.toString().substring(1)).resolve("from-b.txt"))
                .hasContent("bb");
        assertThat(byTag.resolve(a.toString().substring(1))).doesNotExist();

        Path byPath = tmp.resolve("t3");
        ok("restore", "latest", "--path", a.toString(), "-H", "alpha", "--target", byPath.toString());
        assertThat(byPath.resolve(a.toString().substring(1)).resolve("from-a.txt"))
                .exists();

        TestCli none = cli();
        assertThat(none.run(
                        "restore",
                        "latest",
                        "--host",
                        "delta",
                        "--target",
                        tmp.resolve("t4").toString()))
                .isEqualTo(ExitCode.FATAL);
        assertThat(none.err())
                .isEqualTo("Fatal: no snapshot found for 'latest' with host delta; see 'holdfast snapshots'\n");
    }

    @Test
    void lsStatsAndSnapshotsTakeTheFiltersToo() throws Exception {
        TestCli ls = ok("--json", "ls", "latest", "--tag", "daily,db");
        JsonNode head = JSON.readTree(ls.out().lines().findFirst().orElseThrow());
        assertThat(head.get("hostname").asText()).isEqualTo("alpha");
        assertThat(ls.out()).contains("from-a.txt").doesNotContain("from-b.txt");

        JsonNode stats = JSON.readTree(ok("--json", "stats", "--host", "beta").out());
        assertThat(stats.get("snapshots_count").asInt()).isEqualTo(1);

        JsonNode tagged = JSON.readTree(
                ok("--json", "snapshots", "--tag", "daily", "--tag", "weekly").out());
        assertThat(tagged).hasSize(2); // restic: tag lists are alternatives
        JsonNode both =
                JSON.readTree(ok("--json", "snapshots", "--tag", "daily,weekly").out());
        assertThat(both).isEmpty(); // tags in one list must all be present
        JsonNode byPath =
                JSON.readTree(ok("--json", "snapshots", "--path", b.toString()).out());
        assertThat(byPath).hasSize(2);
        JsonNode named = JSON.readTree(
                ok("--json", "snapshots", "latest", "--host", "alpha").out());
        assertThat(named)
                .singleElement()
                .satisfies(s -> assertThat(s.get("hostname").asText()).isEqualTo("alpha"));
    }
}
