package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.snapshot.Snapshot;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotFilterTest {
    private static final OffsetDateTime T = OffsetDateTime.parse("2023-01-01T00:00:00Z");
    private static final Snapshot TAGGED =
            Snaps.ref(1, T, "h1", List.of("/a", "/b"), List.of("x", "y")).snapshot();
    private static final Snapshot UNTAGGED =
            Snaps.ref(2, T, "h2", List.of("/a"), List.of()).snapshot();

    @Test
    void theEmptyFilterMatchesEverything() {
        assertThat(SnapshotFilter.ALL.matches(TAGGED)).isTrue();
        assertThat(SnapshotFilter.ALL.matches(UNTAGGED)).isTrue();
    }

    @Test
    void anyHostAllPaths() {
        SnapshotFilter hosts = new SnapshotFilter(List.of("h2", "h3"), List.of(), List.of());
        assertThat(hosts.matches(UNTAGGED)).isTrue();
        assertThat(hosts.matches(TAGGED)).isFalse();
        SnapshotFilter paths = new SnapshotFilter(List.of(), List.of(), List.of("/a", "/b"));
        assertThat(paths.matches(TAGGED)).isTrue();
        assertThat(paths.matches(UNTAGGED)).isFalse();
    }

    @Test
    void anyTagListWithAllItsTags() {
        SnapshotFilter xy = new SnapshotFilter(List.of(), List.of(List.of("x", "y")), List.of());
        assertThat(xy.matches(TAGGED)).isTrue();
        SnapshotFilter xz = new SnapshotFilter(List.of(), List.of(List.of("x", "z")), List.of());
        assertThat(xz.matches(TAGGED)).isFalse();
        SnapshotFilter xzOrY = new SnapshotFilter(List.of(), List.of(List.of("x", "z"), List.of("y")), List.of());
        assertThat(xzOrY.matches(TAGGED)).isTrue();
        SnapshotFilter none = new SnapshotFilter(List.of(), List.of(List.of("")), List.of());
        assertThat(none.matches(UNTAGGED)).isTrue();
        assertThat(none.matches(TAGGED)).isFalse();
    }

    @Test
    void tagListsSplitOnCommasAndTrim() {
        assertThat(SnapshotFilter.tagList("a, b ,c")).containsExactly("a", "b", "c");
        assertThat(SnapshotFilter.tagList("")).containsExactly("");
    }

    @Test
    void copiesRecognizeEachOtherByEverythingButParentAndOriginal() {
        Snapshot copy = TAGGED.toBuilder()
                .parent(Snaps.id(9))
                .original(Snaps.id(1))
                .tags(List.of("y", "x"))
                .time(T.withOffsetSameInstant(java.time.ZoneOffset.ofHours(3)))
                .build();
        assertThat(Copier.similar(copy, TAGGED, true)).isTrue();
        Snapshot otherTree = copy.toBuilder().tree(Snaps.id(7)).build();
        assertThat(Copier.similar(otherTree, TAGGED, true)).isFalse();
        assertThat(Copier.similar(otherTree, TAGGED, false)).isTrue();
        assertThat(Copier.similar(copy.toBuilder().hostname("other").build(), TAGGED, false))
                .isFalse();
        assertThat(Copier.similar(copy.toBuilder().tags(List.of("x")).build(), TAGGED, false))
                .isFalse();
        assertThat(Copier.similar(copy.toBuilder().time(T.plusSeconds(1)).build(), TAGGED, false))
                .isFalse();
    }
}
