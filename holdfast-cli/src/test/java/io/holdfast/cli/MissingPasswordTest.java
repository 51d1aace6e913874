package io.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without a terminal, a missing password is named: the repository's, the copy source's, or the new key's. */
class MissingPasswordTest {
    @TempDir
    Path tmp;

    @Test
    void eachCommandNamesThePasswordItLacks() {
        String a = tmp.resolve("a").toString();
        String b = tmp.resolve("b").toString();
        assertThat(new TestCli(Map.of("HOLDFAST_PASSWORD", "pw")).run("-r", a, "init"))
                .isZero();
        assertThat(new TestCli(Map.of("HOLDFAST_PASSWORD", "pw")).run("-r", b, "init"))
                .isZero();

        TestCli none = new TestCli(Map.of());
        assertThat(none.run("-r", a, "snapshots")).isEqualTo(1);
        assertThat(none.err()).contains("no password given: set HOLDFAST_PASSWORD");

        TestCli copy = new TestCli(Map.of("HOLDFAST_PASSWORD", "pw"));
        assertThat(copy.run("-r", b, "copy", "--from-repo", a)).isEqualTo(1);
        assertThat(copy.err())
                .contains("no password given for the source repository (--from-repo)")
                .contains("HOLDFAST_FROM_PASSWORD");

        TestCli key = new TestCli(Map.of("HOLDFAST_PASSWORD", "pw"));
        assertThat(key.run("-r", a, "key", "add")).isEqualTo(1);
        assertThat(key.err()).contains("no new password given").contains("--new-password-file");
    }
}
