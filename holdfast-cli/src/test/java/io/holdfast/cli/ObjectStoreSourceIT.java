package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.holdfast.storage.s3.S3ProxyServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup --source s3:...} and {@code restore --target s3:...} through the packaged CLI on a real S3 server
 * (S3Proxy, signatures checked): a bucket's objects restored by Holdfast and by the real restic byte for byte, an
 * incremental backup that fetches only changed and new objects, a restore into another bucket, and the requests
 * counted from the CLI's own request log ({@code HOLDFAST_S3_REQUEST_LOG}). Odd keys and bad input are in {@link
 * ObjectStoreEdgesIT}.
 */
class ObjectStoreSourceIT {
    @TempDir
    static Path work;

    static S3ProxyServer server;
    static S3Objects s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(work.resolve("s3proxy"));
        s3 = new S3Objects(server.endpoint(), server.environment());
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
        server.close();
    }

    private Map<String, String> env(Path log) {
        Map<String, String> env = CliProcess.repositoryEnv(
                server.environment(), tmp.resolve("repo").toString(), "objects");
        env.put("HOLDFAST_S3_REQUEST_LOG", log.toString());
        return env;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void backsUpABucketRestoresItEverywhereAndFetchesOnlyWhatChanged() throws Exception {
        s3.bucket("source");
        s3.bucket("copies");
        Map<String, byte[]> objects = new LinkedHashMap<>();
        objects.put("data/empty", new byte[0]);
        objects.put("data/small.txt", "hello, objects\n".getBytes(StandardCharsets.UTF_8));
        objects.put("data/mid.bin", random(1 << 20, 1));
        objects.put("data/big.bin", random(12 << 20, 2)); // > 8 MiB: a multipart upload on restore
        objects.put("data/nested/deep/er/config.json", "{\"a\": 1}\n".getBytes(StandardCharsets.UTF_8));
        objects.put("data/ünïcødé/名前.txt", "non-ASCII key\n".getBytes(StandardCharsets.UTF_8));
        objects.put("data/folder/", new byte[0]); // a console's folder marker: an empty directory
        s3.putAll("source", objects);
        s3.put("source", "database/not-below-the-prefix", new byte[] {1});
        s3.put("source", "other/x", new byte[] {2});
        String source = server.location("source", "data");
        Path log = tmp.resolve("requests.log");
        Map<String, String> env = env(log);
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        cli.run(env, "init").ok();

        JsonNode first = cli.run(env, "--json", "backup", "--source", source).okJson();
        assertThat(first.get("files_new").asInt()).isEqualTo(6);
        assertThat(S3Objects.requests(log, "source")).isEqualTo(Map.of("ListObjectsV2", 1, "GetObject", 5));
        assertThat(S3Objects.fetched(log, "source"))
                .containsExactlyInAnyOrder(
                        "data/small.txt",
                        "data/mid.bin",
                        "data/big.bin",
                        "data/nested/deep/er/config.json",
                        "data/ünïcødé/名前.txt");
        assertThat(cli.run(env, "snapshots", "--json")
                        .lastJson()
                        .get(0)
                        .get("paths")
                        .get(0)
                        .asText())
                .isEqualTo("/s3/source/data");

        Map<String, String> expected = S3Objects.digests(objects, "data/");
        Path byHoldfast = tmp.resolve("by-holdfast");
        cli.run(env, "restore", "latest", "--target", byHoldfast.toString()).ok();
        S3Objects.assertSameObjects(expected, S3Objects.readDir(byHoldfast.resolve("s3/source/data")));
        Path byRestic = tmp.resolve("by-restic");
        ResticProcess.ok(env, "restore", "latest", "--target", byRestic.toString());
        S3Objects.assertSameObjects(expected, S3Objects.readDir(byRestic.resolve("s3/source/data")));
        if (CliProcess.root()) { // restic restores extended attributes as root; Holdfast leaves its own out
            assertThat(xattr(byRestic.resolve("s3/source/data/mid.bin"), "holdfast.s3.etag"))
                    .isEqualTo(s3.etag("source", "data/mid.bin"));
            assertThat(xattr(byHoldfast.resolve("s3/source/data/mid.bin"), "holdfast.s3.etag"))
                    .isNull();
        }

        byte[] changed = "hello again, a changed object\n".getBytes(StandardCharsets.UTF_8);
        s3.put("source", "data/small.txt", changed);
        s3.put("source", "data/nested/new.bin", random(300_000, 3));
        s3.delete("source", "data/mid.bin");
        Files.delete(log);
        JsonNode second = cli.run(env, "--json", "backup", "--source", source).okJson();
        assertThat(S3Objects.fetched(log, "source")).containsExactly("data/nested/new.bin", "data/small.txt");
        assertThat(S3Objects.requests(log, "source")).isEqualTo(Map.of("ListObjectsV2", 1, "GetObject", 2));
        assertThat(second.get("files_new").asInt()).isEqualTo(1);
        assertThat(second.get("files_changed").asInt()).isEqualTo(1);
        assertThat(second.get("files_unmodified").asInt()).isEqualTo(4);
        objects.put("data/small.txt", changed);
        objects.put("data/nested/new.bin", random(300_000, 3));
        objects.remove("data/mid.bin");
        expected = S3Objects.digests(objects, "data/");
        Path again = tmp.resolve("again");
        cli.run(env, "restore", "latest", "--target", again.toString()).ok();
        S3Objects.assertSameObjects(expected, S3Objects.readDir(again.resolve("s3/source/data")));

        Files.delete(log);
        JsonNode restored = cli.run(env, "--json", "restore", "latest", "--target", server.location("copies", "x/y"))
                .okJson();
        assertThat(restored.get("files_restored").asInt()).isEqualTo(6);
        assertThat(restored.get("dirs_restored").asInt()).isEqualTo(1); // the folder marker
        S3Objects.assertSameObjects(expected, s3.read("copies", "x/y/"));
        assertThat(S3Objects.requests(log, "copies"))
                .containsEntry("CreateMultipartUpload", 1)
                .containsEntry("UploadPart", 2)
                .containsEntry("CompleteMultipartUpload", 1)
                .containsEntry("PutObject", 6);
        CliProcess.Result kept = cli.run(env, "restore", "latest", "--target", server.location("copies", "x/y"));
        assertThat(kept.ok().out()).contains("kept 7 existing objects");

        ResticProcess.ok(env, "check", "--read-data");
        cli.run(env, "check", "--read-data").ok();
    }

    @Test
    void aNoChangeBackupOnlyLists() throws Exception {
        int count = Integer.getInteger("holdfast.objectstore.objects", 1000);
        s3.bucket("many");
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            objects.put("set/d" + (i % 10) + "/object-" + i, ("object " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        s3.putAll("many", objects);
        Path log = tmp.resolve("requests.log");
        Map<String, String> env = env(log);
        CliProcess cli = new CliProcess(tmp.resolve("app"));
        cli.run(env, "init").ok();
        cli.run(env, "backup", "--source", server.location("many", "set")).ok();
        assertThat(S3Objects.requests(log, "many")).containsEntry("GetObject", count);

        Files.delete(log);
        long start = System.nanoTime();
        JsonNode again = cli.run(env, "--json", "backup", "--source", server.location("many", "set"))
                .okJson();
        long millis = (System.nanoTime() - start) / 1_000_000;
        Map<String, Integer> requests = S3Objects.requests(log, "many");
        System.out.printf("no-change backup of %d objects: %s in %d ms%n", count, requests, millis);
        assertThat(requests).containsOnlyKeys("ListObjectsV2");
        assertThat(requests.get("ListObjectsV2")).isBetween((count + 999) / 1000, (count + 999) / 1000 + 1);
        assertThat(again.get("files_unmodified").asInt()).isEqualTo(count);
        assertThat(again.get("data_blobs").asInt()).isZero();
        assertThat(again.get("tree_blobs").asInt()).isZero();
    }

    private static String xattr(Path file, String name) throws Exception {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        List<String> names = view.list();
        if (!names.contains(name)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(view.size(name));
        view.read(name, b);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }
}
