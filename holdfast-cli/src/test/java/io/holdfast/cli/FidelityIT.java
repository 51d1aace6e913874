package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The file-system fidelity suite: a torture tree holding every kind of object (built and measured by an independent
 * oracle, {@code fidelity/tree.py}, working on raw bytes) is backed up and restored through the packaged Holdfast in
 * the C and a UTF-8 locale, restored from Holdfast's repository by the real restic, and restored by Holdfast from a
 * backup the real restic made. Every attribute of every object is compared with the source; the only differences
 * accepted are those listed below as what restic 0.14 itself cannot reproduce, each with its reason.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FidelityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TREE =
            Path.of("src/test/resources/fidelity/tree.py").toAbsolutePath();
    private static final String LONG = HexFormat.of().formatHex("L".repeat(200).getBytes(StandardCharsets.US_ASCII));

    /** One accepted difference between the source and a restored tree, and why it is accepted. */
    record Known(String reason, Predicate<Difference> matches) {}

    /** A difference in one attribute ({@code present} when the object is missing or extra) of one object. */
    record Difference(String hexPath, String attr, JsonNode expected, JsonNode actual) {
        String path() {
            String p = new String(HexFormat.of().parseHex(hexPath), StandardCharsets.ISO_8859_1);
            p = p.replace("\n", "\\n").replaceAll("L{200}", "L×200");
            return p.length() > 120 ? p.substring(0, 60) + "…" + p.substring(p.length() - 50) : p;
        }

        boolean under(String rel) {
            String hex = HexFormat.of().formatHex(rel.getBytes(StandardCharsets.UTF_8));
            return hexPath.equals(hex) || hexPath.startsWith(hex + "2f");
        }

        @Override
        public String toString() {
            return path() + " " + attr + ": expected " + expected + ", got " + actual;
        }
    }

    /** Sockets are left out of every backup: restic skips them too, and the listening program recreates its own. */
    private static final Known SOCKET =
            new Known("sockets are not backed up (restic skips them too)", d -> d.under("special/socket"));

    /** What restic 0.14 cannot reproduce when it restores a repository Holdfast wrote. */
    private static final List<Known> RESTIC_RESTORE = List.of(
            SOCKET,
            new Known(
                    "restic 0.14 cannot create paths longer than PATH_MAX (UtimesNano: file name too long)",
                    d -> d.hexPath().startsWith(LONG)),
            new Known(
                    "restic 0.14 reads link targets as text: a target that is not UTF-8 becomes U+FFFD",
                    d -> d.under("links/raw-target") && d.attr().equals("target")),
            new Known(
                    "restic 0.14 has no restore --sparse (0.16 adds it): holes come back allocated",
                    d -> d.attr().equals("allocated")),
            new Known(
                    "restic 0.14 sets a symlink's extended attributes on the file it points to",
                    d -> (d.under("xattr/link") || d.under("xattr/file"))
                            && d.attr().equals("xattrs")));

    /** What a backup made by restic 0.14 does not hold, so no restore of it can bring it back. */
    private static final List<Known> RESTIC_BACKUP = List.of(
            SOCKET,
            new Known(
                    "restic 0.14 cannot read paths longer than PATH_MAX (file name too long)",
                    d -> d.hexPath().startsWith(LONG)),
            new Known(
                    "restic 0.14 stores link targets as text: a target that is not UTF-8 becomes U+FFFD",
                    d -> d.under("links/raw-target") && d.attr().equals("target")),
            new Known(
                    "restic 0.14 records a file's mtime as its atime (backup --with-atime keeps the atime)",
                    d -> d.attr().equals("atime")
                            && d.actual().equals(d.expected().get("mtime"))),
            new Known(
                    "restic 0.14 reads a symlink's extended attributes through the link",
                    d -> d.under("xattr/link") && d.attr().equals("xattrs")));

    /**
     * Not a JUnit {@code @TempDir}: Java cannot delete names that are not UTF-8 or paths beyond PATH_MAX, so
     * {@code rm -rf} removes it.
     */
    private Path tmp = Path.of("");

    @BeforeEach
    void createTemporaryDirectory() throws IOException {
        tmp = Files.createTempDirectory("fidelity");
    }

    @AfterEach
    void removeTemporaryDirectory() throws Exception {
        assertThat(new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor())
                .isZero();
    }

    private final Map<String, String> env = new HashMap<>();

    private Path src() {
        return tmp.resolve("src");
    }

    private JsonNode build() throws Exception {
        JsonNode built = JSON.readTree(python("build", src()));
        System.out.println("torture tree: created " + built.get("created"));
        built.get("absent")
                .properties()
                .forEach(e -> System.out.println(
                        "torture tree: not possible here (so not compared): " + e.getKey() + ": " + e.getValue()));
        assertThat(built.get("created")).hasSizeGreaterThan(10);
        env.put("HOLDFAST_PASSWORD", "fidelity");
        env.put("RESTIC_PASSWORD", "fidelity");
        return built;
    }

    @ParameterizedTest(name = "LC_ALL={0}")
    @ValueSource(strings = {"C", "C.UTF-8"})
    void holdfastRestoresEveryObjectInAnyLocaleAndLeavesTheSourceAsItWas(String locale) throws Exception {
        build();
        env.put("LC_ALL", locale);
        CliProcess cli = new CliProcess(tmp.resolve("work"));
        Path repo = tmp.resolve("repo");
        JsonNode before = manifest(src());
        ok(cli, "init", "-r", repo.toString());
        String first = lastJson(ok(cli, "--json", "backup", "-r", repo.toString(), src().toString()))
                .get("snapshot_id")
                .asText();

        assertThat(differences(before, manifest(src())))
                .as("backup changed nothing in the source, access times included")
                .isEmpty();
        JsonNode again = lastJson(ok(cli, "--json", "backup", "-r", repo.toString(), src().toString()));
        // no blob of the tree; only the directories above it (whose times other processes change, /tmp's
        // included) may need new tree blobs, as in restic
        assertThat(again.get("data_blobs").asLong())
                .as("data blobs of a no-change backup")
                .isZero();
        assertThat(again.get("tree_blobs").asLong())
                .as("tree blobs of a no-change backup")
                .isLessThanOrEqualTo(src().getNameCount() - 1);

        Path target = tmp.resolve("restored");
        ok(cli, "restore", "-r", repo.toString(), "latest", "--target", target.toString(), "--sparse");
        assertOnlyKnown(
                before,
                manifest(target.resolve(src().toString().substring(1))),
                List.of(SOCKET),
                "Holdfast (LC_ALL=" + locale + ")");

        // ls and diff print names as their bytes, whatever the locale
        String ls = bytes(cli.stdoutBytes(env, "ls", "-r", repo.toString(), "latest"));
        String prefix = bytes((src() + "/").getBytes(StandardCharsets.UTF_8));
        for (byte[] name : List.of(
                new byte[] {'x', (byte) 0xff},
                new byte[] {'x', (byte) 0xfe},
                "café-ñ-日本.txt".getBytes(StandardCharsets.UTF_8),
                "line\nbreak".getBytes(StandardCharsets.UTF_8))) {
            assertThat(ls).as("ls prints the name's bytes").contains("\n" + prefix + bytes(name) + "\n");
        }
        python("change", src());
        String last = lastJson(ok(cli, "--json", "backup", "-r", repo.toString(), src().toString()))
                .get("snapshot_id")
                .asText();
        String diff = bytes(cli.stdoutBytes(env, "diff", "-r", repo.toString(), first, last));
        assertThat(diff.lines()).contains("M    " + prefix + bytes(new byte[] {'x', (byte) 0xff}));
    }

    @Test
    void resticRestoresWhatHoldfastBackedUp() throws Exception {
        build();
        env.put("LC_ALL", "C");
        CliProcess cli = new CliProcess(tmp.resolve("work"));
        Path repo = tmp.resolve("repo");
        JsonNode before = manifest(src());
        ok(cli, "init", "-r", repo.toString());
        ok(cli, "backup", "-r", repo.toString(), src().toString());

        Path target = tmp.resolve("by-restic");
        CliProcess.Result r = restic(repo, "restore", "latest", "--target", target.toString());
        assertThat((r.out() + r.err()).lines().filter(l -> l.startsWith("ignoring error")))
                .as("restic's only errors are paths beyond PATH_MAX:%n%s", r.err())
                .allMatch(l -> l.contains("file name too long"));
        assertOnlyKnown(
                before,
                manifest(target.resolve(src().toString().substring(1))),
                RESTIC_RESTORE,
                "restic from Holdfast's backup");
    }

    @Test
    void holdfastRestoresWhatResticBackedUp() throws Exception {
        build();
        env.put("LC_ALL", "C");
        CliProcess cli = new CliProcess(tmp.resolve("work"));
        Path repo = tmp.resolve("restic-repo");
        JsonNode before = manifest(src());
        restic(repo, "init");
        CliProcess.Result b = restic(repo, "backup", src().toString());
        assertThat(b.out()).contains("snapshot");

        Path target = tmp.resolve("by-holdfast");
        ok(cli, "restore", "-r", repo.toString(), "latest", "--target", target.toString(), "--sparse");
        assertOnlyKnown(
                before,
                manifest(target.resolve(src().toString().substring(1))),
                RESTIC_BACKUP,
                "Holdfast from restic's backup");
    }

    // -------------------------------------------------------------------------------------------------- comparison

    private static void assertOnlyKnown(JsonNode source, JsonNode restored, List<Known> known, String who) {
        List<Difference> all = differences(source, restored);
        List<Difference> unexplained = new ArrayList<>();
        Map<String, Integer> explained = new HashMap<>();
        for (Difference d : all) {
            Known k =
                    known.stream().filter(x -> x.matches().test(d)).findFirst().orElse(null);
            if (k == null) {
                unexplained.add(d);
            } else {
                explained.merge(k.reason(), 1, Integer::sum);
            }
        }
        System.out.printf("%s restored %d objects; %d differences, all known:%n", who, source.size(), all.size());
        explained.forEach((reason, n) -> System.out.printf("  %4d × %s%n", n, reason));
        assertThat(unexplained)
                .as("differences from the source that restic itself does not have")
                .isEmpty();
    }

    /** Every attribute of every object that differs; a missing object is one difference, not one per attribute. */
    static List<Difference> differences(JsonNode expected, JsonNode actual) {
        List<Difference> out = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>();
        expected.fieldNames().forEachRemaining(paths::add);
        actual.fieldNames().forEachRemaining(paths::add);
        for (String p : paths) {
            JsonNode e = expected.get(p);
            JsonNode a = actual.get(p);
            if (e == null || a == null) {
                out.add(new Difference(p, "present", JSON.valueToTree(e != null), JSON.valueToTree(a != null)));
                continue;
            }
            TreeSet<String> attrs = new TreeSet<>();
            e.fieldNames().forEachRemaining(attrs::add);
            a.fieldNames().forEachRemaining(attrs::add);
            for (String attr : attrs) {
                JsonNode ev = e.get(attr);
                JsonNode av = a.get(attr);
                boolean same = attr.equals("allocated")
                        // a sparse file: the restored one may take a little more, never its whole size
                        ? av != null && av.asLong() <= ev.asLong() + 65536
                        : ev != null && ev.equals(av);
                if (!same) {
                    out.add(new Difference(p, attr, attr.equals("atime") ? e : ev, av));
                }
            }
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------------------- helpers

    private JsonNode manifest(Path dir) throws Exception {
        return JSON.readTree(python("manifest", dir));
    }

    private static String python(String command, Path dir) throws Exception {
        Process p = new ProcessBuilder("python3", TREE.toString(), command, dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("tree.py %s %s", command, dir).isZero();
        return out;
    }

    private CliProcess.Result ok(CliProcess cli, String... args) throws Exception {
        CliProcess.Result r = cli.run(env, args);
        assertThat(r.exit())
                .as("holdfast %s\nstderr: %s", String.join(" ", args), r.err())
                .isZero();
        return r;
    }

    private static JsonNode lastJson(CliProcess.Result r) throws IOException {
        String[] lines = r.out().strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private CliProcess.Result restic(Path repo, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-r", repo.toString()));
        all.addAll(List.of(args));
        return ResticProcess.run(env, all.toArray(String[]::new));
    }

    /** Bytes as one char each (ISO-8859-1), so byte sequences compare exactly. */
    private static String bytes(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
