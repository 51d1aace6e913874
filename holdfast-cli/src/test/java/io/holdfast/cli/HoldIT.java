package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.storage.s3.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;

/**
 * Legal holds through the packaged Holdfast: forget keeps held snapshots (by policy, and refuses them by id) on a
 * local repository that restic still checks; on S3 with Object Lock (moto) every file a held snapshot needs carries
 * a legal hold, and lifting one hold keeps the files another held snapshot needs held.
 */
class HoldIT {
    @TempDir
    static Path work;

    static MotoServer server;
    static S3Client raw;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        server = MotoServer.start(work.resolve("moto"));
        raw = server.client();
    }

    @AfterAll
    static void stopServer() throws Exception {
        raw.close();
        server.close();
    }

    private Map<String, String> env(String location) {
        Map<String, String> env = CliProcess.repositoryEnv(server.environment(), location, "held");
        env.put("HOLDFAST_USER", "counsel");
        return env;
    }

    private List<String> twoSnapshots(CliProcess cli, Map<String, String> env) throws Exception {
        return twoSnapshots(cli, env, () -> {});
    }

    /** Backs up twice; {@code between} runs after the first backup. */
    private List<String> twoSnapshots(CliProcess cli, Map<String, String> env, Runnable between) throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("shared.txt"), "in both snapshots\n".repeat(500));
        Files.writeString(src.resolve("v.txt"), "first\n");
        cli.run(env, "backup", src.toString()).ok();
        between.run();
        Files.writeString(src.resolve("v.txt"), "second\n");
        cli.run(env, "backup", src.toString()).ok();
        JsonNode snaps = cli.run(env, "--json", "snapshots").okJson();
        return List.of(snaps.get(0).get("id").asText(), snaps.get(1).get("id").asText());
    }

    @Test
    void forgetKeepsHeldSnapshotsAndTheLogSaysWhoWhenAndWhy() throws Exception {
        Map<String, String> env = env(tmp.resolve("repo").toString());
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        cli.run(env, "init").ok();
        List<String> ids = twoSnapshots(cli, env);
        String old = ids.get(0);

        cli.run(env, "hold", "add", old.substring(0, 8), "--reason", "case 4711")
                .ok();
        JsonNode holds = cli.run(env, "--json", "hold", "list").okJson();
        assertThat(holds).hasSize(1);
        assertThat(holds.get(0).get("snapshot").asText()).isEqualTo(old);
        assertThat(holds.get(0).get("reason").asText()).isEqualTo("case 4711");
        assertThat(holds.get(0).get("user").asText()).isEqualTo("counsel");

        CliProcess.Result byId = cli.run(env, "forget", old.substring(0, 8));
        assertThat(byId.exit()).isEqualTo(1);
        assertThat(byId.err()).contains("under a legal hold (case 4711");
        CliProcess.Result policy = cli.run(env, "forget", "--keep-last", "1", "--prune");
        policy.ok();
        assertThat(policy.out()).contains("legal hold");
        assertThat(cli.run(env, "--json", "snapshots").okJson()).hasSize(2);
        assertThat(ResticProcess.run(env, "check", "--read-data").exit()).isZero();

        cli.run(env, "hold", "remove", old.substring(0, 8), "--reason", "case closed")
                .ok();
        assertThat(cli.run(env, "--json", "hold", "list").okJson()).isEmpty();
        assertThat(cli.run(env, "--json", "hold", "list", "--all").okJson()).hasSize(2);
        cli.run(env, "forget", "--keep-last", "1").ok();
        assertThat(cli.run(env, "--json", "snapshots").okJson()).hasSize(1);
        CliProcess.Result again = cli.run(env, "hold", "remove", old.substring(0, 8));
        assertThat(again.exit()).isNotZero();
    }

    @Test
    void onLockedStorageEveryFileAHeldSnapshotNeedsIsHeld() throws Exception {
        String bucket = "holds";
        Map<String, String> env = env(server.location(bucket, "repo"));
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        cli.run(env, "init", "--object-lock", "governance", "--lock-days", "1").ok();
        List<String> firstPacks = new java.util.ArrayList<>();
        List<String> ids = twoSnapshots(cli, env, () -> firstPacks.addAll(packs(bucket)));
        assertThat(firstPacks)
                .as("a data pack (shared.txt and v.txt) and a tree pack")
                .hasSize(2);

        cli.run(env, "hold", "add", ids.get(0), "--reason", "audit").ok();
        cli.run(env, "hold", "add", ids.get(1), "--reason", "audit").ok();
        assertThat(held(bucket, "repo/snapshots/" + ids.get(0))).isTrue();
        assertThat(held(bucket, "repo/snapshots/" + ids.get(1))).isTrue();
        List<String> packs = packs(bucket);
        for (String p : packs) {
            assertThat(held(bucket, p)).as(p).isTrue();
        }
        assertThat(cli.run(env, "--json", "lock", "status")
                        .okJson()
                        .get("legal_holds")
                        .asInt())
                .isGreaterThanOrEqualTo(packs.size() + 2);

        cli.run(env, "hold", "remove", ids.get(0)).ok();
        assertThat(held(bucket, "repo/snapshots/" + ids.get(0))).isFalse();
        assertThat(held(bucket, "repo/snapshots/" + ids.get(1))).isTrue();
        for (String p : packs) {
            if (!firstPacks.contains(p)) {
                assertThat(held(bucket, p))
                        .as("needed by the other held snapshot only: %s", p)
                        .isTrue();
            }
        }
        // of the first backup's packs, the data pack (shared.txt) is still needed, its tree pack no more
        assertThat(firstPacks.stream().filter(p -> held(bucket, p)).count()).isEqualTo(1);
        cli.run(env, "hold", "remove", ids.get(1)).ok();
        for (String p : packs) {
            assertThat(held(bucket, p)).as(p).isFalse();
        }
    }

    private static List<String> packs(String bucket) {
        return raw.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("repo/data/")).contents().stream()
                .map(o -> o.key())
                .toList();
    }

    private static boolean held(String bucket, String key) {
        return raw.headObject(r -> r.bucket(bucket).key(key)).objectLockLegalHoldStatus()
                == ObjectLockLegalHoldStatus.ON;
    }
}
