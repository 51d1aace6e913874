package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.storage.LockMode;
import io.holdfast.storage.RetentionRule;
import io.holdfast.storage.s3.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Immutable repositories through the packaged Holdfast on a real S3 server that enforces Object Lock (moto), in both
 * modes: the attack (every object deleted and some overwritten with the backup credentials) is survived by {@code
 * --as-of} reads and {@code repair undelete}; locked versions cannot be deleted; restic reads the locked repository;
 * {@code check} finds a file that should be locked and is not, and {@code lock extend} mends it.
 */
class ObjectLockIT {
    @TempDir
    static Path work;

    static MotoServer server;
    static S3Client raw;
    static final AtomicInteger BUCKETS = new AtomicInteger();

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
        return CliProcess.repositoryEnv(server.environment(), location, "locked");
    }

    private Path tree() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("a.txt"), "alpha\n".repeat(1000));
        byte[] big = new byte[3 << 20];
        new java.util.Random(11).nextBytes(big);
        Files.write(src.resolve("sub/big.bin"), big);
        return src;
    }

    @ParameterizedTest
    @ValueSource(strings = {"compliance", "governance"})
    void anAttackWithTheBackupCredentialsIsUndone(String mode) throws Exception {
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        Path src = tree();
        // Locks are given whole days (RetentionRule generations, UTC); a run that crosses midnight between the backup
        // and the status sees its fresh locks already due for extension. That can happen once a day: start again.
        String b;
        Map<String, String> e;
        JsonNode status;
        int toExtend;
        RetentionRule rule = new RetentionRule(LockMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)), 2);
        int attempt = 0;
        while (true) {
            attempt++;
            Instant before = Instant.now();
            b = "attack-" + mode + "-" + BUCKETS.incrementAndGet();
            e = env(server.location(b, "repo"));
            CliProcess.Result init = cli.run(e, "init", "--object-lock", mode, "--lock-days", "2");
            init.ok();
            assertThat(init.out()).contains("Object Lock is on (" + mode + ", 2 days)");
            cli.run(e, "backup", src.toString()).ok();
            cli.run(e, "check").ok();
            status = cli.run(e, "--json", "lock", "status").okJson();
            toExtend = cli.run(e, "--json", "lock", "extend", "--dry-run")
                    .okJson()
                    .get("to_extend")
                    .asInt();
            if (rule.retainUntil(before).equals(rule.retainUntil(Instant.now())) || attempt == 2) {
                break;
            }
        }
        String bucket = b;
        Map<String, String> env = e;
        assertThat(status.get("mode").asText()).isEqualTo(mode);
        assertThat(status.get("needed_locked").asInt())
                .isEqualTo(status.get("needed_files").asInt())
                .isGreaterThan(4);
        assertThat(status.get("unlocked")).isEmpty();
        assertThat(status.get("below_period").asInt()).isZero();
        assertThat(toExtend).isZero();
        CliProcess.Result resticCheck = ResticProcess.run(env, "check", "--read-data");
        assertThat(resticCheck.exit()).as(resticCheck.err()).isZero();

        Instant asOf = nextSecond(); // the server lists versions to the second
        List<S3Object> objects = raw
                .listObjectsV2Paginator(r -> r.bucket(bucket).prefix("repo/"))
                .contents()
                .stream()
                .toList();
        for (S3Object o : objects) {
            raw.deleteObject(r -> r.bucket(bucket).key(o.key()));
        }
        List<S3Object> overwritten = objects.stream()
                .filter(o -> o.key().equals("repo/config") || o.key().startsWith("repo/data/"))
                .limit(3)
                .toList();
        for (S3Object o : overwritten) {
            raw.putObject(r -> r.bucket(bucket).key(o.key()), RequestBody.fromString("encrypted by the attacker"));
        }
        assertThat(cli.run(env, "snapshots").exit()).isNotZero();

        // the versions the attack hid are locked: the same credentials cannot delete them
        var version = raw.listObjectVersions(r -> r.bucket(bucket).prefix("repo/snapshots/"))
                .versions()
                .getFirst();
        assertThatThrownBy(() -> raw.deleteObject(
                        r -> r.bucket(bucket).key(version.key()).versionId(version.versionId())))
                .isInstanceOf(S3Exception.class)
                .hasMessageContaining("Access Denied");

        String at = asOf.toString();
        assertThat(cli.run(env, "--as-of", at, "snapshots").out()).contains("1 snapshots");
        cli.run(env, "--as-of", at, "check", "--read-data").ok();
        Path restored = tmp.resolve("restored");
        cli.run(env, "--as-of", at, "restore", "latest", "--target", restored.toString())
                .ok();
        CliProcess.assertSameTree(src, restored.resolve(src.toString().substring(1)));
        CliProcess.Result write = cli.run(env, "--as-of", at, "backup", src.toString());
        assertThat(write.exit()).isEqualTo(1);
        assertThat(write.err()).contains("read-only");

        JsonNode undone =
                cli.run(env, "--json", "--as-of", at, "repair", "undelete").okJson();
        assertThat(undone.get("reverted").asInt()).isEqualTo(overwritten.size());
        assertThat(undone.get("undeleted").asInt()).isEqualTo(objects.size() - overwritten.size());
        cli.run(env, "check", "--read-data").ok();
        resticCheck = ResticProcess.run(env, "check", "--read-data");
        assertThat(resticCheck.exit()).as(resticCheck.err()).isZero();
        Path again = tmp.resolve("again");
        cli.run(env, "restore", "latest", "--target", again.toString()).ok();
        CliProcess.assertSameTree(src, again.resolve(src.toString().substring(1)));
        assertThat(cli.run(env, "--json", "lock", "status").okJson().get("unlocked"))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"governance"})
    void checkFindsAFileThatShouldBeLockedAndLockExtendLocksIt(String mode) throws Exception {
        String bucket = "unlocked-" + BUCKETS.incrementAndGet();
        Map<String, String> env = env(server.location(bucket, "repo"));
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        cli.run(env, "init", "--object-lock", mode, "--lock-days", "3").ok();
        cli.run(env, "backup", tree().toString()).ok();
        // the same bytes written again without a lock, as a tool that knows nothing of locks would
        S3Object index = raw.listObjectsV2(r -> r.bucket(bucket).prefix("repo/index/"))
                .contents()
                .getFirst();
        byte[] bytes =
                raw.getObjectAsBytes(r -> r.bucket(bucket).key(index.key())).asByteArray();
        raw.putObject(r -> r.bucket(bucket).key(index.key()), RequestBody.fromBytes(bytes));

        CliProcess.Result check = cli.run(env, "check");
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out() + check.err())
                .contains(index.key().substring("repo/".length()) + " should be locked and is not");
        JsonNode extend = cli.run(env, "--json", "lock", "extend").okJson();
        assertThat(extend.get("extended").asInt()).isEqualTo(1);
        cli.run(env, "check").ok();
        CliProcess.Result prune = cli.run(env, "prune");
        prune.ok();
        assertThat(prune.out()).contains("extended 0 object locks");

        CliProcess.Result plain = cli.run(env(server.location("plain-" + bucket, "")), "lock", "status");
        assertThat(plain.exit()).isNotZero();
        raw.createBucket(r -> r.bucket("nolock-" + bucket));
        CliProcess.Result refused = cli.run(
                env(server.location("nolock-" + bucket, "repo")), "init", "--object-lock", mode, "--lock-days", "3");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err().strip().lines()).hasSize(1);
        assertThat(refused.err()).contains("does not have versioning enabled");
    }

    @org.junit.jupiter.api.Test
    void packsOfFileContentsGoToTheDataStorageClassAndEverythingElseStaysStandard() throws Exception {
        String bucket = "classes-" + BUCKETS.incrementAndGet();
        Map<String, String> env = env(server.location(bucket, "repo"));
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        cli.run(env, "init").ok();
        Path src = tree();
        cli.run(env, "--storage-class-data", "STANDARD_IA", "backup", src.toString())
                .ok();
        Map<String, String> classes = new java.util.TreeMap<>();
        raw.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("repo/"))
                .contents()
                .forEach(o -> classes.put(o.key(), o.storageClassAsString()));
        List<String> packs = classes.keySet().stream()
                .filter(k -> k.startsWith("repo/data/"))
                .toList();
        assertThat(packs).as("one data pack, one tree pack: %s", classes).hasSize(2);
        assertThat(packs.stream().filter(k -> classes.get(k).equals("STANDARD_IA")))
                .as("%s", classes)
                .hasSize(1);
        classes.forEach((key, storageClass) -> {
            if (!packs.contains(key)) {
                assertThat(storageClass).as(key).isEqualTo("STANDARD");
            }
        });
        cli.run(env, "ls", "latest").ok();
        Path restored = tmp.resolve("restored");
        cli.run(env, "restore", "latest", "--target", restored.toString()).ok();
        CliProcess.assertSameTree(src, restored.resolve(src.toString().substring(1)));
    }

    static Instant nextSecond() throws InterruptedException {
        Instant now = Instant.now();
        Instant next = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(java.time.Duration.between(now, next).toMillis() + 1);
        return next.minusMillis(1);
    }
}
