package io.holdfast.format;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import io.holdfast.format.crypto.Crypto;
import io.holdfast.format.crypto.MasterKey;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.format.tree.FileModes;
import io.holdfast.format.tree.Node;
import io.holdfast.format.tree.NodeType;
import io.holdfast.format.tree.Tree;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backs up a directory with the real restic (0.14, as packaged by Debian), then reads every tree blob and snapshot
 * file restic wrote and checks that Holdfast writes the same values back byte for byte. Equal bytes mean equal tree
 * ids, so Holdfast and restic deduplicate each other's trees.
 */
class ResticCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path restic() {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "") + File.pathSeparator + "/usr/bin";
        for (String dir : path.split(Pattern.quote(File.pathSeparator), -1)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "restic");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return fail("restic not found on PATH: install restic (Debian package restic)");
    }

    private byte[] run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        env.put("RESTIC_PASSWORD", "holdfast-test");
        env.put("RESTIC_REPOSITORY", tmp.resolve("repo").toString());
        env.put("RESTIC_CACHE_DIR", tmp.resolve("cache").toString());
        // a zone with a half-hour negative offset, and -03:30:52 before 1935 (for the 1910 mtime)
        env.put("TZ", "America/St_Johns");
        pb.redirectError(tmp.resolve("stderr.txt").toFile());
        Process p = pb.start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + cmd);
        }
        if (p.exitValue() != 0) {
            fail(cmd + " exited " + p.exitValue() + ": " + Files.readString(tmp.resolve("stderr.txt")));
        }
        return out;
    }

    private boolean addExtendedAttributes(Path file) throws IOException {
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
            if (view == null) {
                return false;
            }
            view.write("k<1>", ByteBuffer.wrap(new byte[] {0, (byte) 0xff, 'v', 'a', 'l'}));
            view.write("ctl\bx", ByteBuffer.allocate(0));
            return true;
        } catch (FileSystemException | UnsupportedOperationException e) {
            return false; // the temp file system has no user xattrs; the rest of the test still applies
        }
    }

    @Test
    void treesAndSnapshotsWrittenByResticReserializeByteForByte() throws Exception {
        String restic = restic().toString();
        Path fixture = Path.of(Objects.requireNonNull(getClass().getResource("restic-fixture.sh"))
                .toURI());
        run("sh", fixture.toString(), tmp.toString());
        boolean xattrs = addExtendedAttributes(tmp.resolve("data/f.txt"));
        String version = new String(run(restic, "version"), UTF_8);

        run(restic, "init", "--repository-version", "2");
        String[] backup = {
            restic,
            "backup",
            "--host",
            "host<&>",
            "--tag",
            "a&b",
            "--tag",
            "daily",
            "--exclude",
            "*.tmp",
            tmp.resolve("data").toString()
        };
        run(backup);
        Files.writeString(tmp.resolve("data/sub/new"), "changed");
        run(backup);

        JsonNode snapshots = JSON.readTree(run(restic, "snapshots", "--json"));
        assertThat(snapshots).as(version).hasSize(2);
        MasterKey key = masterKey(JSON.readTree(run(restic, "cat", "masterkey")));

        Deque<Id> pending = new ArrayDeque<>();
        int withParent = 0;
        for (JsonNode sn : snapshots) {
            Id id = Id.parse(sn.get("id").asText());
            String file = "snapshots/" + id.hex();
            byte[] plain = unpack(new Crypto(key)
                    .decrypt(Files.readAllBytes(tmp.resolve("repo").resolve(file)), file));
            Snapshot s = Snapshot.parse(plain, file);
            assertThat(new String(s.toJson(), UTF_8)).as(version).isEqualTo(new String(plain, UTF_8));
            assertThat(s.toJson()).isEqualTo(plain);
            assertThat(s.hostname()).isEqualTo("host<&>");
            assertThat(s.tags()).containsExactly("a&b", "daily");
            assertThat(s.excludes()).containsExactly("*.tmp");
            withParent += s.parent() == null ? 0 : 1;
            pending.add(s.tree());
        }
        assertThat(withParent).isEqualTo(1);

        Set<Id> seen = new HashSet<>();
        List<Node> all = new ArrayList<>();
        while (!pending.isEmpty()) {
            Id id = pending.remove();
            if (!seen.add(id)) {
                continue;
            }
            byte[] blob = run(restic, "cat", "blob", id.hex());
            assertThat(Id.hash(blob)).isEqualTo(id);
            Tree tree = Tree.parse(id, blob);
            assertThat(new String(tree.toJson(), UTF_8)).as("tree " + id).isEqualTo(new String(blob, UTF_8));
            assertThat(tree.toJson()).isEqualTo(blob);
            assertThat(tree.id()).isEqualTo(id);
            for (Node n : tree.nodes()) {
                all.add(n);
                if (n.subtree() != null) {
                    pending.add(Objects.requireNonNull(n.subtree()));
                }
            }
        }
        checkFixtureWasCovered(all, xattrs);
    }

    /** Makes sure the comparison above really saw the node kinds and names the fixture is meant to exercise. */
    private static void checkFixtureWasCovered(List<Node> all, boolean xattrs) {
        assertThat(all).extracting(Node::type).contains(NodeType.FILE, NodeType.DIR, NodeType.SYMLINK, NodeType.FIFO);
        assertThat(all).anySatisfy(n -> assertThat(n.nameBytes()).isEqualTo("bad\u00ffname".getBytes(ISO_8859_1)));
        assertThat(all).extracting(Node::name).contains("a\"b\\c<d>&e", "ls\u2028x", "nl\nx", "emoji\uD83D\uDE00");
        assertThat(all).anySatisfy(n -> {
            assertThat(n.name()).isEqualTo("empty");
            assertThat(n.content()).isEmpty();
            assertThat(n.mtime().getNano()).isEqualTo(123456789);
        });
        assertThat(all).anySatisfy(n -> {
            assertThat(n.name()).isEqualTo("odd-link");
            assertThat(n.linkTarget()).isEqualTo("t\bx<&>\u2028y\u00e9");
        });
        assertThat(all).anySatisfy(n -> {
            assertThat(n.name()).isEqualTo("hardlink");
            assertThat(n.links()).isEqualTo(2);
        });
        // St. John's used -03:30:52 until 1935; Go prints that offset as -03:30
        assertThat(all).anySatisfy(n -> assertThat(n.mtime().toString()).startsWith("1910-06-01T12:00-03:30"));
        assertThat(all).anySatisfy(n -> assertThat(n.mode()).isEqualTo(FileModes.DIR | FileModes.STICKY | 0777));
        assertThat(all).anySatisfy(n -> assertThat(n.mode()).isEqualTo(FileModes.SETUID | 0755));
        if (xattrs) {
            assertThat(all).anySatisfy(n -> assertThat(n.extendedAttributes()).hasSize(2));
        }
    }

    private static MasterKey masterKey(JsonNode json) {
        Base64.Decoder b64 = Base64.getDecoder();
        return new MasterKey(
                b64.decode(json.get("encrypt").asText()),
                b64.decode(json.get("mac").get("k").asText()),
                b64.decode(json.get("mac").get("r").asText()));
    }

    /** A repository v2 unpacked file: JSON as is, or version byte 2 followed by a zstd frame. */
    private static byte[] unpack(byte[] plain) throws IOException {
        if (plain.length > 0 && plain[0] == 2) {
            try (InputStream in =
                    new ZstdInputStream(new ByteArrayInputStream(Arrays.copyOfRange(plain, 1, plain.length)))) {
                return in.readAllBytes();
            }
        }
        return plain;
    }
}
