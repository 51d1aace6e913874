package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.repository.Repository;
import io.holdfast.repository.RepositoryLock;
import io.holdfast.repository.RepositoryOptions;
import io.holdfast.storage.FileType;
import io.holdfast.storage.local.LocalBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input of every kind gets one clear line on stderr and its documented exit code; nothing is lost. */
class BadInputIT {
    @TempDir
    Path tmp;

    CliProcess cli;
    Path repo;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliProcess(tmp);
        repo = tmp.resolve("repo");
        env = Map.of("HOLDFAST_REPOSITORY", repo.toString(), "HOLDFAST_PASSWORD", "correct horse");
    }

    private void init() throws Exception {
        CliProcess.Result r = cli.runUnprivileged(env, "init");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private static void assertOneLine(CliProcess.Result r, int exit, String... contains) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(exit);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(contains);
    }

    @Test
    void wrongPasswordExits12() throws Exception {
        init();
        CliProcess.Result r =
                cli.run(Map.of("HOLDFAST_REPOSITORY", repo.toString(), "HOLDFAST_PASSWORD", "wrong"), "snapshots");
        assertOneLine(r, 12, "wrong password");
    }

    @Test
    void missingRepositoryExits10() throws Exception {
        CliProcess.Result r = cli.run(
                Map.of("HOLDFAST_REPOSITORY", tmp.resolve("nothing-here").toString(), "HOLDFAST_PASSWORD", "x"),
                "snapshots");
        assertOneLine(r, 10, "does not exist", "holdfast init");
    }

    @Test
    void exclusiveLockHeldByAnotherProcessExits11() throws Exception {
        init();
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a");
        try (Repository r = Repository.open(LocalBackend.open(repo), "correct horse", RepositoryOptions.DEFAULTS);
                RepositoryLock lock = RepositoryLock.acquire(r, true, Clock.systemUTC())) {
            CliProcess.Result res = cli.run(env, "backup", src.toString());
            assertOneLine(
                    res,
                    11,
                    "locked exclusively",
                    "PID " + ProcessHandle.current().pid());
        }
        assertThat(cli.run(env, "backup", src.toString()).exit()).isZero();
    }

    @Test
    void unreadableSourceFileExits3AndTheRestIsBackedUp() throws Exception {
        init();
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a");
        Files.writeString(src.resolve("b.txt"), "b");
        Path secret = src.resolve("secret.txt");
        Files.writeString(secret, "s");
        CliProcess.openUp(tmp);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        CliProcess.Result r = cli.runUnprivileged(env, "backup", src.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("secret.txt").contains("could not be read");
        CliProcess.Result ls = cli.run(env, "ls", "latest");
        assertThat(ls.exit()).as(ls.err()).isZero();
        assertThat(ls.out())
                .contains(src.resolve("a.txt").toString(), src.resolve("b.txt").toString());
        assertThat(ls.out()).doesNotContain("secret.txt");
    }

    @Test
    void unwritableRestoreTargetExits1() throws Exception {
        init();
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a");
        assertThat(cli.run(env, "backup", src.toString()).exit()).isZero();
        CliProcess.openUp(tmp);
        Path target = Files.createDirectories(tmp.resolve("readonly"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r-xr-xr-x"));
        CliProcess.Result r = cli.runUnprivileged(env, "restore", "latest", "--target", target.toString());
        assertOneLine(r, 1, target.toString(), "permission denied");
    }

    @Test
    void corruptedConfigExits1AndNamesTheConfig() throws Exception {
        init();
        Path config = repo.resolve("config");
        config.toFile().setWritable(true);
        byte[] b = Files.readAllBytes(config);
        b[b.length / 2] ^= 0x01;
        Files.write(config, b);
        CliProcess.Result r = cli.run(env, "snapshots");
        assertOneLine(r, 1, "config");
    }

    @Test
    void treeWithDotDotNameIsRefusedAndNothingIsWrittenOutsideTheTarget() throws Exception {
        init();
        Id snap;
        try (Repository r = Repository.open(LocalBackend.open(repo), "correct horse", RepositoryOptions.DEFAULTS)) {
            r.loadIndex();
            byte[] content = "pwned\n".getBytes(StandardCharsets.UTF_8);
            Id blob = r.blobSaver().save(BlobType.DATA, content).id();
            String tree = "{\"nodes\":[{\"name\":\"../x\",\"type\":\"file\",\"mode\":420,"
                    + "\"mtime\":\"2024-01-01T00:00:00Z\",\"atime\":\"2024-01-01T00:00:00Z\","
                    + "\"ctime\":\"2024-01-01T00:00:00Z\",\"uid\":0,\"gid\":0,\"size\":6,\"content\":[\""
                    + blob.hex() + "\"]}]}\n";
            Id treeId = r.blobSaver()
                    .save(BlobType.TREE, tree.getBytes(StandardCharsets.UTF_8))
                    .id();
            r.blobSaver().flush();
            Snapshot s = Snapshot.builder()
                    .time(OffsetDateTime.now())
                    .tree(treeId)
                    .paths(List.of("/evil"))
                    .hostname("attacker")
                    .build();
            snap = r.saveJson(FileType.SNAPSHOT, s.toJson());
        }
        Path target = Files.createDirectories(tmp.resolve("target"));
        CliProcess.Result r = cli.run(env, "restore", snap.hex(), "--target", target.toString());
        assertOneLine(r, 1, "../x");
        assertThat(tmp.resolve("x")).doesNotExist();
        try (var files = Files.list(target)) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
