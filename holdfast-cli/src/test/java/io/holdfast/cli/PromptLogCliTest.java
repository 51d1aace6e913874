package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prompt-log commands end to end, in process: backup, bad lines, subjects find, erase, restore, keystore. */
class PromptLogCliTest {
    @TempDir
    Path tmp;

    private Map<String, String> env() {
        return Map.of(
                "HOLDFAST_REPOSITORY", tmp.resolve("repo").toString(),
                "HOLDFAST_PASSWORD", "pw",
                "HOLDFAST_KEYSTORE", tmp.resolve("ks/keystore").toString());
    }

    private TestCli run(int expectedExit, String... args) {
        TestCli cli = new TestCli(env());
        assertThat(cli.run(args)).as(String.join(" ", args) + "\n" + cli.err()).isEqualTo(expectedExit);
        return cli;
    }

    private static String line(String user, int n) {
        return "{\"ts\":\"2025-03-01T00:00:0" + (n % 10) + "Z\",\"user\":\"" + user + "\",\"prompt\":\"secret-" + user
                + "-" + n + "\",\"model\":\"m\"}\n";
    }

    @Test
    void aGrownLogIsContinuedFromTheLastBackupUnlessToldNot() throws Exception {
        Path log = tmp.resolve("prompts.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append(line("u" + (i % 4), i));
        }
        Files.writeString(log, sb);
        long day1 = Files.size(log);
        run(0, "init");
        String[] backup = {"--json", "backup", "--prompt-log", "--subject", "/user", log.toString()};
        JsonNode first = promptLogMessage(run(0, backup));
        assertThat(first.path("resumed_from_bytes").asLong()).isZero();
        assertThat(first.path("resume_note").asText()).isEqualTo("no checkpoint of an earlier backup");
        Files.writeString(log, line("u9", 41), java.nio.file.StandardOpenOption.APPEND);
        JsonNode second = promptLogMessage(run(0, backup));
        assertThat(second.path("resumed_from_bytes").asLong()).isEqualTo(day1);
        assertThat(second.has("resume_note")).isFalse();
        assertThat(second.path("records").asLong()).isEqualTo(41);
        assertThat(second.path("bytes_in").asLong()).isEqualTo(Files.size(log));
        JsonNode whole = promptLogMessage(run(0, concat(backup, "--no-resume")));
        assertThat(whole.path("resumed_from_bytes").asLong()).isZero();
        assertThat(whole.path("resume_note").asText()).isEqualTo("not asked to");
        assertThat(whole.path("envelope_bytes").asLong())
                .isEqualTo(second.path("envelope_bytes").asLong());
        long day2 = Files.size(log);
        Files.writeString(log, line("u9", 42), java.nio.file.StandardOpenOption.APPEND);
        TestCli text = run(0, "backup", "--prompt-log", "--subject", "/user", log.toString());
        assertThat(text.out()).contains("continued after the " + day2 + " bytes enveloped by the last backup");
        assertThat(run(0, "backup", "--help").out()).contains("--no-resume");

        // the key store opens beside the repository: its errors still come out as before
        Map<String, String> wrongEnv = new java.util.HashMap<>(env());
        wrongEnv.put("HOLDFAST_KEYSTORE_PASSWORD", "not-the-password");
        TestCli wrong = new TestCli(wrongEnv);
        assertThat(wrong.run("backup", "--prompt-log", "--subject", "/user", log.toString()))
                .isEqualTo(1);
        assertThat(wrong.err()).contains("wrong password for the key store");
        assertThat(promptLogMessage(run(0, backup)).path("resumed_from_bytes").asLong())
                .isEqualTo(Files.size(log));
    }

    private static JsonNode promptLogMessage(TestCli cli) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        for (String l : cli.out().split("\n")) {
            JsonNode n = json.readTree(l);
            if (n.path("message_type").asText().equals("prompt_log")) {
                return n;
            }
        }
        throw new AssertionError("no prompt_log message in " + cli.out());
    }

    @Test
    void backupFindEraseRestoreAndKeystoreRestore() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append(line("u" + (i % 6), i));
        }
        String good = sb.toString();
        Path log = tmp.resolve("prompts.jsonl");
        Files.writeString(log, good + "not json\n" + "{\"prompt\":\"no subject\"}\n");
        run(0, "init");
        String[] backup = {
            "backup",
            "--prompt-log",
            "--subject",
            "/user",
            "--timestamp",
            "/ts",
            "--personal",
            "/prompt",
            log.toString()
        };
        TestCli failed = run(1, backup);
        assertThat(failed.err()).contains("line 61").contains("--on-bad-record skip");
        TestCli skipped = run(3, concat(backup, "--on-bad-record", "skip"));
        assertThat(skipped.err()).contains("line 61").contains("malformed JSON").contains("line 62");
        assertThat(skipped.err()).contains("no subject at /user");
        TestCli snaps = run(0, "--json", "snapshots");
        assertThat(snaps.out()).contains("promptlog");

        ObjectMapper json = new ObjectMapper();
        JsonNode found =
                json.readTree(run(0, "--json", "subjects", "find", "u3").out());
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("records").asLong()).isEqualTo(10);
        assertThat(found.get(0).path("path").asText()).isEqualTo("/prompts.jsonl");
        assertThat(found.get(0).path("last").asText()).isEqualTo("2025-03-01T00:00:09Z");
        assertThat(found.get(0).path("time").asText()) // the snapshot's time as Go's RFC3339Nano, as everywhere
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d*[1-9])?(Z|[+-]\\d\\d:\\d\\d)");

        Path ksCopies = tmp.resolve("ks-copies");
        JsonNode copy = json.readTree(run(0, "--json", "keystore", "backup", "--to", ksCopies.toString())
                .out());

        JsonNode cert = json.readTree(run(0, "--json", "erase", "u3", "--reason", "request 9", "--operator", "dpo")
                .out());
        assertThat(cert.path("type").asText()).isEqualTo("holdfast-erasure-certificate");
        assertThat(cert.path("snapshots")).hasSize(1);
        assertThat(cert.path("subject_hash").asText()).hasSize(64).doesNotContain("u3");
        assertThat(cert.path("operator").asText()).isEqualTo("dpo");
        assertThat(Files.readString(tmp.resolve("ks/keystore.audit"))).contains("\"action\":\"erase\"");
        run(1, "subjects", "find", "u3");

        String expected = good.lines()
                .filter(l -> !l.contains("\"u3\""))
                .map(l -> l + "\n")
                .collect(Collectors.joining());
        run(0, "restore", "latest", "--target", tmp.resolve("r1").toString());
        assertThat(Files.readString(tmp.resolve("r1/prompts.jsonl"))).isEqualTo(expected);

        // an older key store comes back: the ledger erases u3 again
        TestCli restored =
                run(0, "--json", "keystore", "restore", copy.path("file").asText());
        assertThat(json.readTree(restored.out()).path("reapplied")).hasSize(1);
        run(0, "restore", "latest", "--target", tmp.resolve("r2").toString());
        assertThat(Files.readString(tmp.resolve("r2/prompts.jsonl"))).isEqualTo(expected);
        assertThat(run(0, "keystore", "ledger").out()).contains("request 9");

        // a tampered ledger is detected
        Path ledger = tmp.resolve("ks/keystore.ledger");
        Files.writeString(ledger, Files.readString(ledger).replace("request 9", "request 8"), StandardCharsets.UTF_8);
        assertThat(run(1, "keystore", "ledger").err()).contains("hash chain is broken");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
