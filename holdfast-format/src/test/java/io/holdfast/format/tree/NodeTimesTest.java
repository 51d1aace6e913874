package io.holdfast.format.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A node keeps its times as numbers: what goes in comes out, with its offset, over the whole range of the type. */
class NodeTimesTest {
    @Property(tries = 500)
    void timesComeBackAsGiven(
            @ForAll("times") OffsetDateTime m, @ForAll("times") OffsetDateTime a, @ForAll("times") OffsetDateTime c) {
        Node n = node(m, a, c);
        assertThat(n.mtime()).isEqualTo(m);
        assertThat(n.atime()).isEqualTo(a);
        assertThat(n.ctime()).isEqualTo(c);
        assertThat(n.mtime().getOffset()).isEqualTo(m.getOffset());
        assertThat(n.mtimeInstant()).isEqualTo(m.toInstant());
        assertThat(n.atimeInstant()).isEqualTo(a.toInstant());
        assertThat(n.ctimeInstant()).isEqualTo(c.toInstant());
        assertThat(n.toBuilder().build()).isEqualTo(n).hasSameHashCodeAs(n);
    }

    @Property(tries = 200)
    void theSameInstantAtAnotherOffsetIsAnotherNode(@ForAll("times") OffsetDateTime m) {
        ZoneOffset other = ZoneOffset.ofTotalSeconds(m.getOffset().getTotalSeconds() == 0 ? 3600 : 0);
        OffsetDateTime shifted = m.withOffsetSameInstant(other);
        // as OffsetDateTime.equals: the local time and the offset, not only the instant
        assertThat(node(shifted, m, m)).isNotEqualTo(node(m, m, m));
        assertThat(node(shifted, m, m).mtimeInstant()).isEqualTo(node(m, m, m).mtimeInstant());
    }

    @Test
    void extremesOfTheTypeSurvive() {
        OffsetDateTime min = OffsetDateTime.of(LocalDateTime.MIN, ZoneOffset.MAX);
        OffsetDateTime max = OffsetDateTime.of(LocalDateTime.MAX, ZoneOffset.MIN);
        Node n = node(min, max, OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(0, 0, -17)));
        assertThat(n.mtime()).isEqualTo(min);
        assertThat(n.atime()).isEqualTo(max);
        assertThat(n.ctime().getOffset().getTotalSeconds()).isEqualTo(-17);
    }

    @Test
    void ownerNamesAreSharedAcrossNodes() {
        OffsetDateTime t = OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        Node a = Node.builder()
                .name("a")
                .type(NodeType.FILE)
                .user(new String("alice"))
                .group(new String("staff"))
                .mtime(t)
                .build();
        Node b = Node.builder()
                .name("b")
                .type(NodeType.FILE)
                .user(new String("alice"))
                .group(new String("staff"))
                .mtime(t)
                .build();
        assertThat(a.user()).isEqualTo("alice").isSameAs(b.user());
        assertThat(a.group()).isEqualTo("staff").isSameAs(b.group());
    }

    private static Node node(OffsetDateTime m, OffsetDateTime a, OffsetDateTime c) {
        return Node.builder()
                .name("f")
                .type(NodeType.FILE)
                .mtime(m)
                .atime(a)
                .ctime(c)
                .build();
    }

    @Provide
    Arbitrary<OffsetDateTime> times() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L), // years 1..9999
                Arbitraries.longs().between(0, 2_000_000_000L),
                Arbitraries.of(-62_135_596_800L, 0L, 253_402_300_799L));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 999_999_999), Arbitraries.of(0, 999_999_999, 500_000_000));
        Arbitrary<Integer> offsets = Arbitraries.oneOf(
                Arbitraries.integers().between(-18 * 3600, 18 * 3600),
                Arbitraries.integers().between(-48, 56).map(q -> q * 900));
        return Combinators.combine(seconds, nanos, offsets).as((s, n, o) -> {
            ZoneOffset z = ZoneOffset.ofTotalSeconds(o);
            return OffsetDateTime.of(LocalDateTime.ofEpochSecond(s, n, z), z);
        });
    }
}
