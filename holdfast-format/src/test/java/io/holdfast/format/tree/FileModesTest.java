package io.holdfast.format.tree;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FileModesTest {
    @Test
    void convertsPosixModesAsGoDoes() {
        // the values restic 0.14 wrote for these kinds of files
        assertThat(FileModes.fromPosix(0100644)).isEqualTo(420);
        assertThat(Integer.toUnsignedLong(FileModes.fromPosix(0040755))).isEqualTo(2147484141L);
        assertThat(FileModes.fromPosix(0120777)).isEqualTo(134218239);
        assertThat(FileModes.fromPosix(0010644)).isEqualTo(33554852);
        assertThat(FileModes.fromPosix(0140755)).isEqualTo(FileModes.SOCKET | 0755);
        assertThat(FileModes.fromPosix(0020620)).isEqualTo(FileModes.DEVICE | FileModes.CHAR_DEVICE | 0620);
        assertThat(FileModes.fromPosix(0060660)).isEqualTo(FileModes.DEVICE | 0660);
        assertThat(FileModes.fromPosix(0104755)).isEqualTo(FileModes.SETUID | 0755);
        assertThat(FileModes.fromPosix(0102755)).isEqualTo(FileModes.SETGID | 0755);
        assertThat(Integer.toUnsignedLong(FileModes.fromPosix(0041777))).isEqualTo(2148532735L);
    }

    @Test
    void convertsBack() {
        assertThat(FileModes.toPosix(420)).isEqualTo(0100644);
        assertThat(FileModes.toPosix(FileModes.DIR | FileModes.STICKY | 0777)).isEqualTo(0041777);
        assertThat(FileModes.toPosix(FileModes.DEVICE | FileModes.CHAR_DEVICE | 0620))
                .isEqualTo(0020620);
        assertThat(FileModes.toPosix(FileModes.IRREGULAR | 0644)).isEqualTo(0644);
        assertThat(FileModes.posixPermissions(FileModes.SETUID | FileModes.SETGID | FileModes.STICKY | 0750))
                .isEqualTo(07750);
    }

    @Test
    void typesFollowModeBits() {
        assertThat(NodeType.ofGoMode(0644)).isEqualTo(NodeType.FILE);
        assertThat(NodeType.ofGoMode(FileModes.DIR | 0755)).isEqualTo(NodeType.DIR);
        assertThat(NodeType.ofGoMode(FileModes.DEVICE | FileModes.CHAR_DEVICE)).isEqualTo(NodeType.CHARDEV);
        assertThat(NodeType.ofGoMode(FileModes.DEVICE)).isEqualTo(NodeType.DEV);
        assertThat(NodeType.ofGoMode(FileModes.NAMED_PIPE)).isEqualTo(NodeType.FIFO);
        assertThat(NodeType.ofGoMode(FileModes.DIR | FileModes.SYMLINK)).isEqualTo(NodeType.IRREGULAR);
        for (NodeType t : NodeType.values()) {
            assertThat(NodeType.ofJson(t.jsonName())).isEqualTo(t);
        }
        assertThat(NodeType.ofJson("door")).isNull();
    }

    @Property
    void posixRoundTripsForKnownTypes(
            @ForAll @IntRange(min = 0, max = 07777) int perm, @ForAll @IntRange(min = 0, max = 6) int kind) {
        int[] types = {
            FileModes.S_IFREG,
            FileModes.S_IFDIR,
            FileModes.S_IFLNK,
            FileModes.S_IFBLK,
            FileModes.S_IFCHR,
            FileModes.S_IFIFO,
            FileModes.S_IFSOCK
        };
        int st = types[kind] | perm;
        int go = FileModes.fromPosix(st);
        assertThat(go & ~FileModes.RESTIC_MASK).isZero();
        assertThat(FileModes.toPosix(go)).isEqualTo(st);
    }
}
