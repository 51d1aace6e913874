package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate}, {@code models} and {@code backup --validate} in process, with their exit codes. */
class ModelCommandsTest {
    @TempDir
    Path tmp;

    private static void safetensors(Path file) throws IOException {
        String h = "{\"a.weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b.bias\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[16,24]}}";
        byte[] header = h.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 24).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (int i = 0; i < 4; i++) {
            b.putFloat(i);
        }
        Files.write(file, b.array());
    }

    private TestCli cli() {
        return new TestCli(Map.of(
                "HOLDFAST_PASSWORD",
                "pw",
                "HOLDFAST_REPOSITORY",
                tmp.resolve("repo").toString()));
    }

    @Test
    void validateModelsAndBackupFail() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        safetensors(src.resolve("good.bin"));
        Files.writeString(src.resolve("notes.txt"), "not a model");
        TestCli v = cli();
        assertThat(v.run("validate", src.toString())).isZero();
        assertThat(v.out()).contains("ok", "safetensors", "good.bin").doesNotContain("notes.txt");

        assertThat(cli().run("init")).isZero();
        TestCli b = cli();
        assertThat(b.run("backup", src.toString())).isZero();
        TestCli m = cli();
        assertThat(m.run("models", "latest", "--json")).isZero();
        assertThat(m.out())
                .contains("\"format\":\"safetensors\"", "\"tensors\":2", "\"parameters\":8", "\"status\":\"ok\"");

        Path bad = src.resolve("bad.safetensors");
        safetensors(bad);
        try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
            f.setLength(f.length() - 3);
        }
        TestCli v2 = cli();
        assertThat(v2.run("validate", bad.toString())).isEqualTo(ExitCode.MODEL_INVALID);
        assertThat(v2.out()).contains("invalid", "tensor \"b.bias\"", "truncated");

        TestCli fail = cli();
        assertThat(fail.run("backup", "--validate=fail", src.toString())).isEqualTo(ExitCode.MODEL_INVALID);
        assertThat(fail.err()).contains("b.bias");
        TestCli warn = cli();
        assertThat(warn.run("backup", src.toString())).isZero();
        assertThat(warn.err()).contains("invalid model");
        TestCli inSnap = cli();
        assertThat(inSnap.run("validate", "latest:" + src)).isEqualTo(ExitCode.MODEL_INVALID);
        assertThat(inSnap.out()).contains("bad.safetensors", "1 invalid");
    }
}
