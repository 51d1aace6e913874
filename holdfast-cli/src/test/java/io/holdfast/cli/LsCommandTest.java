package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ls}: restic's JSON fields, types and formats, restic's long format, and restic's directory filters. */
class LsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path src;

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
    void backup() throws Exception {
        src = Files.createDirectories(tmp.resolve("src"));
        Path sub = Files.createDirectories(src.resolve("sub"));
        Files.writeString(sub.resolve("deep.txt"), "deep");
        Files.writeString(src.resolve("file.txt"), "hello");
        Files.createFile(src.resolve("empty"));
        Path tool = Files.writeString(src.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(tool, "unix:mode", 04755);
        Files.createSymbolicLink(src.resolve("link"), Path.of("file.txt"));
        Process mkfifo = new ProcessBuilder("mkfifo", src.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        Files.setPosixFilePermissions(src.resolve("pipe"), PosixFilePermissions.fromString("rw-r--r--"));
        // a whole-second time: Go prints its seconds, never "2020-01-01T00:00Z" as Java's toString() does
        Files.setLastModifiedTime(src.resolve("file.txt"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        ok("init");
        ok("backup", src.toString());
    }

    private Map<String, JsonNode> nodes(String out) throws Exception {
        Map<String, JsonNode> byName = new HashMap<>();
        for (String line : out.lines().skip(1).toList()) {
            JsonNode n = JSON.readTree(line);
            byName.put(n.get("name").asText(), n);
        }
        return byName;
    }

    @Test
    void jsonIsResticsSnapshotLineThenNodeLines() throws Exception {
        String out = ok("--json", "ls", "latest", src.toString()).out();
        JsonNode head = JSON.readTree(out.lines().findFirst().orElseThrow());
        assertThat(head.get("struct_type").asText()).isEqualTo("snapshot");
        assertThat(head.get("message_type").asText()).isEqualTo("snapshot");
        assertThat(head.get("id").asText()).hasSize(64);
        assertThat(head.get("short_id").asText())
                .isEqualTo(head.get("id").asText().substring(0, 8));
        assertThat(head.get("paths").get(0).asText()).isEqualTo(src.toString());

        Map<String, JsonNode> n = nodes(out);
        assertThat(n.keySet()).containsExactlyInAnyOrder("src", "sub", "file.txt", "empty", "tool", "link", "pipe");
        assertThat(fieldNames(n.get("file.txt")))
                .containsExactly(
                        "name",
                        "type",
                        "path",
                        "uid",
                        "gid",
                        "size",
                        "mode",
                        "permissions",
                        "mtime",
                        "atime",
                        "ctime",
                        "inode",
                        "message_type",
                        "struct_type");
        assertThat(n.get("file.txt").get("mtime").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(n.get("file.txt").get("size").asLong()).isEqualTo(5);
        assertThat(n.get("empty").get("size").asLong()).isZero(); // files always have a size, even 0
        assertThat(n.get("sub").has("size")).isFalse(); // other types never do
        assertThat(n.get("sub").get("mode").asLong()).isEqualTo(2147484141L); // 1<<31 | 0755, unsigned
        assertThat(n.get("sub").get("permissions").asText()).isEqualTo("drwxr-xr-x");
        assertThat(n.get("tool").get("permissions").asText()).isEqualTo("urwxr-xr-x");
        assertThat(n.get("link").get("permissions").asText()).isEqualTo("Lrwxrwxrwx");
        assertThat(n.get("pipe").get("type").asText()).isEqualTo("fifo");
        assertThat(n.get("pipe").get("permissions").asText()).isEqualTo("prw-r--r--");
        assertThat(n.get("sub").get("path").asText())
                .isEqualTo(src.resolve("sub").toString());
        // restic lists a directory filter's entries, not what lies below them, unless --recursive
        assertThat(n).doesNotContainKey("deep.txt");
        assertThat(nodes(ok("--json", "ls", "--recursive", "latest", src.toString())
                        .out()))
                .containsKey("deep.txt");
    }

    @Test
    void longFormatShowsTheTypeLetterAsRestic() {
        List<String> lines =
                ok("ls", "-l", "latest", src.toString()).out().lines().toList();
        assertThat(lines.getFirst()).startsWith("snapshot ").contains(" filtered by [" + src + "] at ");
        assertThat(lines)
                .anyMatch(l -> l.startsWith("prw-r--r-- ")
                        && l.endsWith(src.resolve("pipe").toString()));
        assertThat(lines)
                .anyMatch(l -> l.startsWith("drwxr-xr-x ")
                        && l.endsWith(src.resolve("sub").toString()));
        assertThat(lines)
                .anyMatch(l -> l.startsWith("Lrwxrwxrwx ") && l.endsWith(src.resolve("link") + " -> file.txt"));
        assertThat(lines)
                .anyMatch(l -> l.matches("-rw-r--r-- +\\d+ +\\d+ +5 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d "
                        + java.util.regex.Pattern.quote(src.resolve("file.txt").toString())));
    }

    @Test
    void relativePathFiltersFailAsInRestic() {
        TestCli c = cli();
        assertThat(c.run("ls", "latest", "src")).isEqualTo(ExitCode.FATAL);
        assertThat(c.err())
                .isEqualTo("Fatal: path filters must be absolute, starting with a forward slash '/': 'src'\n");
        TestCli none = cli();
        assertThat(none.run("ls", "nosuch")).isEqualTo(ExitCode.FATAL);
        assertThat(none.err()).isEqualTo("Fatal: 'nosuch' is neither 'latest' nor a snapshot id\n");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
