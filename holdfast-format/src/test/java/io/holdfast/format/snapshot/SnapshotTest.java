package io.holdfast.format.snapshot;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.json.RawJson;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte-exact snapshot JSON, written from restic's Go {@code Snapshot} struct and Go's encoding/json rules. */
class SnapshotTest {
    static final Id TREE = Id.parse("ccd047e9b08319ab9c7c7627b3a93c2f03ec89ad1ca74baa2dfeef77d2393234");
    static final Id PARENT = Id.parse("23a760eaa6963a0a27fcfd040096a054e10cd885b497bebc911a2ccec2698aad");
    static final Id ORIGINAL = Id.parse("0ddae22518003de60057204db0d447d5a0b80beddcb6a9572432ebeb3a0949a9");
    static final String FILE = "snapshots/" + ORIGINAL.hex();
    static final String SUMMARY = "{\"backup_start\":\"2026-11-21T21:39:37.1-03:30\","
            + "\"backup_end\":\"2026-11-21T21:39:38.2-03:30\",\"files_new\":3,\"files_changed\":0,"
            + "\"files_unmodified\":0,\"dirs_new\":2,\"dirs_changed\":0,\"dirs_unmodified\":0,\"data_blobs\":2,"
            + "\"tree_blobs\":3,\"data_added\":1234,\"data_added_packed\":900,\"total_files_processed\":3,"
            + "\"total_bytes_processed\":6}";

    private static String json(Snapshot s) {
        return new String(s.toJson(), UTF_8);
    }

    @Test
    void allFieldsInGoOrder() {
        Snapshot s = Snapshot.builder()
                .time(OffsetDateTime.of(2026, 11, 21, 21, 39, 37, 429882239, ZoneOffset.ofHoursMinutes(-3, -30)))
                .parent(PARENT)
                .tree(TREE)
                .paths(List.of("/home/alice/docs & <notes>", "/etc"))
                .hostname("laptop")
                .username("alice")
                .uid(1000)
                .gid(100)
                .excludes(List.of("*.tmp"))
                .tags(List.of("daily", "a&b"))
                .original(ORIGINAL)
                .programVersion("holdfast 0.1.0")
                .summary(RawJson.of(SUMMARY))
                .build();
        assertThat(json(s))
                .isEqualTo("{\"time\":\"2026-11-21T21:39:37.429882239-03:30\",\"parent\":\"" + PARENT.hex()
                        + "\",\"tree\":\"" + TREE.hex()
                        + "\",\"paths\":[\"/home/alice/docs \\u0026 \\u003cnotes\\u003e\","
                        + "\"/etc\"],\"hostname\":\"laptop\",\"username\":\"alice\",\"uid\":1000,\"gid\":100,"
                        + "\"excludes\":[\"*.tmp\"],\"tags\":[\"daily\",\"a\\u0026b\"],\"original\":\"" + ORIGINAL.hex()
                        + "\",\"program_version\":\"holdfast 0.1.0\",\"summary\":" + SUMMARY + "}");
    }

    @Test
    void omitsEmptyFieldsAsResticZeroFourteenDoes() {
        // what restic 0.14 wrote for a backup by root (uid 0 and gid 0 are omitted)
        String restic = "{\"time\":\"2026-11-22T01:02:42.52637831Z\",\"tree\":\"" + TREE.hex()
                + "\",\"paths\":[\"/tmp/rx/data\"],\"hostname\":\"vm\",\"username\":\"root\"}";
        Snapshot s = Snapshot.builder()
                .time(OffsetDateTime.of(2026, 11, 22, 1, 2, 42, 526378310, ZoneOffset.UTC))
                .tree(TREE)
                .paths(List.of("/tmp/rx/data"))
                .hostname("vm")
                .username("root")
                .build();
        assertThat(json(s)).isEqualTo(restic);
    }

    @Test
    void emptyPathsAreANilSlice() throws Exception {
        Snapshot s = Snapshot.builder()
                .time(OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))
                .tree(TREE)
                .build();
        assertThat(json(s))
                .isEqualTo("{\"time\":\"2020-01-01T00:00:00Z\",\"tree\":\"" + TREE.hex() + "\",\"paths\":null}");
        assertThat(Snapshot.parse(s.toJson(), FILE)).isEqualTo(s);
    }

    @Test
    void rewritingKeepsSummaryAndUnknownFields() throws Exception {
        String in = "{\"time\":\"2026-11-21T21:39:37.429882239-03:30\",\"tree\":\"" + TREE.hex()
                + "\",\"paths\":[\"/data\"],\"hostname\":\"h\",\"username\":\"u\",\"uid\":1000,\"gid\":1000,"
                + "\"tags\":[\"x\"],\"program_version\":\"restic 0.17.3\",\"summary\":" + SUMMARY
                + ",\"later\":[{\"a\":1}]}";
        Snapshot s = Snapshot.parse(in.getBytes(UTF_8), FILE);
        assertThat(s.summary()).isEqualTo(RawJson.of(SUMMARY));
        assertThat(s.programVersion()).isEqualTo("restic 0.17.3");
        assertThat(s.unknownFields()).containsOnlyKeys("later");
        assertThat(json(s)).isEqualTo(in);
        Snapshot retagged = s.toBuilder().tags(List.of("x", "y")).build();
        assertThat(json(retagged))
                .contains("\"tags\":[\"x\",\"y\"],")
                .contains(SUMMARY)
                .endsWith(",\"later\":[{\"a\":1}]}");
    }

    @Test
    void readsWhitespaceAndNulls() throws Exception {
        String in = "{\n  \"time\": \"2020-01-01T00:00:00+01:00\",\n  \"parent\": null,\n  \"tree\": \"" + TREE.hex()
                + "\",\n  \"paths\": null,\n  \"tags\": null,\n  \"summary\": null\n}\n";
        Snapshot s = Snapshot.parse(in.getBytes(UTF_8), FILE);
        assertThat(s.parent()).isNull();
        assertThat(s.paths()).isEmpty();
        assertThat(s.tags()).isEmpty();
        assertThat(s.summary()).isNull();
        assertThat(s.time()).isEqualTo(OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(1)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[]",
                "{\"time\":\"2020-01-01T00:00:00Z\"}",
                "{\"time\":\"2020-01-01T00:00:00Z\",\"tree\":null}",
                "{\"time\":\"2020-01-01T00:00:00Z\",\"tree\":\"abc\"}",
                "{\"time\":\"01/01/2020\",\"tree\":\"ZEROS\"}",
                "{\"time\":\"2020-01-01T00:00:00Z\",\"tree\":\"ZEROS\",\"uid\":-1}",
                "{\"time\":\"2020-01-01T00:00:00Z\",\"tree\":\"ZEROS\",\"paths\":\"/\"}",
                "{\"time\":\"2020-01-01T00:00:00Z\",\"tree\":\"ZEROS\"",
                "{\"time\":\"2020-01-01T00:00:00Z\",\"tree\":\"ZEROS\"}{}"
            })
    void badJsonIsCorruptDataNamingTheFile(String in) {
        byte[] bytes = in.replace("ZEROS", "00".repeat(32)).getBytes(UTF_8);
        assertThatThrownBy(() -> Snapshot.parse(bytes, FILE))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageStartingWith(FILE + ": ")
                .satisfies(e -> assertThat(((CorruptDataException) e).object()).isEqualTo(FILE));
    }

    @Test
    void builderChecksRequiredFieldsAndRanges() {
        assertThatThrownBy(() -> Snapshot.builder().tree(TREE).build()).isInstanceOf(IllegalArgumentException.class);
        OffsetDateTime t = OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThatThrownBy(() -> Snapshot.builder().time(t).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        Snapshot.builder().time(t).tree(TREE).uid(1L << 32).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        Snapshot.builder().time(t.withYear(10000)).tree(TREE).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
