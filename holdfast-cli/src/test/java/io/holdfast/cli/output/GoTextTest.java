package io.holdfast.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.tree.FileModes;
import io.holdfast.format.tree.NodeType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The expected strings are what Go's {@code os.FileMode.String()} and {@code time.Time.String()} print. */
class GoTextTest {
    @Test
    void fileModeIsGosStringForEveryType() {
        assertThat(GoText.fileMode(FileModes.DIR | 0755)).isEqualTo("drwxr-xr-x");
        assertThat(GoText.fileMode(0644)).isEqualTo("-rw-r--r--");
        assertThat(GoText.fileMode(0)).isEqualTo("----------");
        assertThat(GoText.fileMode(FileModes.SYMLINK | 0777)).isEqualTo("Lrwxrwxrwx");
        assertThat(GoText.fileMode(FileModes.DEVICE | FileModes.CHAR_DEVICE | 0666))
                .isEqualTo("Dcrw-rw-rw-");
        assertThat(GoText.fileMode(FileModes.DEVICE | 0660)).isEqualTo("Drw-rw----");
        assertThat(GoText.fileMode(FileModes.NAMED_PIPE | 0644)).isEqualTo("prw-r--r--");
        assertThat(GoText.fileMode(FileModes.SOCKET | 0755)).isEqualTo("Srwxr-xr-x");
        assertThat(GoText.fileMode(FileModes.SETUID | 0755)).isEqualTo("urwxr-xr-x");
        assertThat(GoText.fileMode(FileModes.SETGID | 0755)).isEqualTo("grwxr-xr-x");
        assertThat(GoText.fileMode(FileModes.DIR | FileModes.STICKY | 0777)).isEqualTo("dtrwxrwxrwx");
        assertThat(GoText.fileMode(FileModes.IRREGULAR | 0644)).isEqualTo("?rw-r--r--");
    }

    @Test
    void nodeModeAddsTheTypeBitsOfTheNodeTypeAsResticsLsLong() {
        // restic's formatNode ORs the type's bits into the stored mode, so a FIFO stored with bare permissions still
        // shows as a FIFO
        assertThat(GoText.nodeMode(NodeType.FIFO, 0644)).isEqualTo("prw-r--r--");
        assertThat(GoText.nodeMode(NodeType.SOCKET, 0755)).isEqualTo("Srwxr-xr-x");
        assertThat(GoText.nodeMode(NodeType.CHARDEV, 0666)).isEqualTo("Dcrw-rw-rw-");
        assertThat(GoText.nodeMode(NodeType.DEV, 0660)).isEqualTo("Drw-rw----");
        assertThat(GoText.nodeMode(NodeType.DIR, FileModes.DIR | 0700)).isEqualTo("drwx------");
        assertThat(GoText.nodeMode(NodeType.FILE, 0600)).isEqualTo("-rw-------");
    }

    @Test
    void unsignedModeIsTheUint32GoWrites() {
        assertThat(GoText.unsignedMode(FileModes.DIR | 0755)).isEqualTo(2147484141L);
        assertThat(GoText.unsignedMode(0644)).isEqualTo(420L);
    }

    @Test
    void goStringLooksLikeTimeString() {
        OffsetDateTime t = OffsetDateTime.of(2015, 11, 10, 22, 11, 48, 975774597, ZoneOffset.ofHours(1));
        assertThat(GoText.goString(t)).isEqualTo("2015-11-10 22:11:48.975774597 +0100 +0100");
        assertThat(GoText.goString(OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 500_000_000, ZoneOffset.UTC)))
                .isEqualTo("2020-01-01 00:00:00.5 +0000 UTC");
        assertThat(GoText.goString(OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(-5, -30))))
                .isEqualTo("2020-01-01 00:00:00 -0530 -0530");
    }

    @Test
    void jsonFloatIsWhatGosEncodingJsonWrites() {
        // expected values from Go 1.22: json.Marshal(float64(x))
        assertThat(GoText.jsonFloat(0.0)).isEqualTo("0");
        assertThat(GoText.jsonFloat(1.0)).isEqualTo("1");
        assertThat(GoText.jsonFloat(100.0)).isEqualTo("100");
        assertThat(GoText.jsonFloat(0.246470346)).isEqualTo("0.246470346");
        assertThat(GoText.jsonFloat(1.0022116600902748)).isEqualTo("1.0022116600902748");
        assertThat(GoText.jsonFloat(-2.5)).isEqualTo("-2.5");
        assertThat(GoText.jsonFloat(1e20)).isEqualTo("100000000000000000000");
        assertThat(GoText.jsonFloat(1e21)).isEqualTo("1e+21");
        assertThat(GoText.jsonFloat(1.5e300)).isEqualTo("1.5e+300");
        assertThat(GoText.jsonFloat(0.000001)).isEqualTo("0.000001");
        assertThat(GoText.jsonFloat(1e-7)).isEqualTo("1e-7");
        assertThat(GoText.jsonFloat(1.25e-10)).isEqualTo("1.25e-10");
        assertThat(GoText.jsonFloat(12345678.9)).isEqualTo("12345678.9");
    }
}
