package io.holdfast.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Output output(boolean json, boolean quiet, int verbosity) {
        return new Output(new PrintWriter(out), new PrintWriter(err), json, quiet, verbosity);
    }

    private static void everything(Output output) {
        output.print("result");
        output.info("info");
        output.verbose(1, "detail");
        output.verbose(2, "more detail");
        output.warn("warning");
    }

    @Test
    void humanOutput() {
        everything(output(false, false, 1));

        assertThat(out.toString()).isEqualTo("result\ninfo\ndetail\n");
        assertThat(err.toString()).isEqualTo("warning\n");
    }

    @Test
    void quietKeepsResultsAndWarnings() {
        everything(output(false, true, 0));

        assertThat(out.toString()).isEqualTo("result\n");
        assertThat(err.toString()).isEqualTo("warning\n");
    }

    @Test
    void jsonModeKeepsStandardOutputForJson() {
        Output output = output(true, false, 2);
        everything(output);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_type", "summary");
        message.put("files_new", 3);
        message.put("paths", List.of("/data"));
        output.emit(message);
        output.table(new Table("a").row("b"));

        assertThat(out.toString()).isEqualTo("{\"message_type\":\"summary\",\"files_new\":3,\"paths\":[\"/data\"]}\n");
        assertThat(err.toString()).isEqualTo("warning\n");
    }

    @Test
    void recordsAsJson() {
        record Snapshot(String id, long size) {}

        output(true, false, 0).emit(new Snapshot("4cd5c5b3", 12));

        assertThat(out.toString()).isEqualTo("{\"id\":\"4cd5c5b3\",\"size\":12}\n");
    }

    @Test
    void jsonNumbersAreWrittenAsGoWritesThem() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("percent_done", 1.0);
        m.put("zero", 0.0);
        m.put("ratio", 0.5);
        m.put("count", 3L);
        var node = Output.mapper().createObjectNode().put("compression_progress", 100.0);
        Output o = output(true, false, 0);
        o.emit(m);
        o.emit(node);

        assertThat(out.toString())
                .isEqualTo("{\"percent_done\":1,\"zero\":0,\"ratio\":0.5,\"count\":3}\n"
                        + "{\"compression_progress\":100}\n");
    }
}
