package io.holdfast.promptlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding the subject, the timestamp and the personal spans of a line by JSON pointer. */
class RecordSplitterTest {
    private static RecordSplitter.Split split(PromptLogOptions opts, String line) throws Exception {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return new RecordSplitter(opts).split(b, b.length);
    }

    private static List<String> spans(String line, RecordSplitter.Split s) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return s.spans().stream()
                .map(r -> new String(b, r[0], r[1] - r[0], StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void findsValuesByTheirWholePointerNotByTheirNameAlone() throws Exception {
        PromptLogOptions opts = PromptLogOptions.DEFAULTS
                .withSubject("/who/id")
                .withTimestamp("/meta/0")
                .withPersonal(List.of("/msgs/1/text", "/a~1b", "/t~0x", "/nested"));
        String line = "{\"id\":\"not the subject\",\"text\":\"not personal\",\"who\":{\"id\":\"u-7\",\"text\":1},"
                + "\"meta\":[\"2025-01-01\",\"later\"],\"msgs\":[{\"text\":\"first\"},{\"text\":\"second\",\"x\":[1]}],"
                + "\"a/b\":\"slash\",\"t~x\":\"tilde\",\"nested\":{\"deep\":[1,{\"k\":2}]},\"0\":\"index-like\"}";

        RecordSplitter.Split s = split(opts, line);

        assertThat(s.subject()).isEqualTo("u-7");
        assertThat(s.timestamp()).isEqualTo("2025-01-01");
        assertThat(spans(line, s))
                .containsExactly("\"u-7\"", "\"second\"", "\"slash\"", "\"tilde\"", "{\"deep\":[1,{\"k\":2}]}");
    }

    @Test
    void theWholeRecordIsPersonalWhenNoFieldIsNamed() throws Exception {
        String line = "{\"user\":42,\"ts\":\"2025-03-01T00:00:00Z\",\"prompt\":\"hello\"}";
        RecordSplitter.Split s =
                split(PromptLogOptions.DEFAULTS.withSubject("/user").withTimestamp("/ts"), line);
        assertThat(s.subject()).isEqualTo("42");
        assertThat(s.timestamp()).isEqualTo("2025-03-01T00:00:00Z");
        assertThat(spans(line, s)).containsExactly(line);
    }

    @Test
    void lastTokensAreUnescapedAsFieldNamesRead() {
        assertThat(RecordSplitter.lastToken("/a/b~1c~0d")).isEqualTo("b/c~d");
        assertThat(RecordSplitter.lastToken("/list/3")).isEqualTo("3");
        assertThat(RecordSplitter.lastToken("")).isEmpty();
    }
}
