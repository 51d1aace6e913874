package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.engine.SnapshotGroups.GroupBy;
import io.holdfast.engine.SnapshotGroups.Key;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotGroupsTest {
    private static final OffsetDateTime T = OffsetDateTime.parse("2023-01-01T00:00:00Z");

    @Test
    void parsesGroupingOptionsLikeRestic() {
        assertThat(GroupBy.parse("host,paths")).isEqualTo(GroupBy.DEFAULT);
        assertThat(GroupBy.parse("hosts,path,tag")).isEqualTo(new GroupBy(true, true, true));
        assertThat(GroupBy.parse("")).isEqualTo(new GroupBy(false, false, false));
        assertThat(GroupBy.parse("tags,")).isEqualTo(new GroupBy(false, false, true));
        assertThat(GroupBy.DEFAULT.toString()).isEqualTo("host,paths");
        assertThatThrownBy(() -> GroupBy.parse("host,user"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown grouping option: 'user'");
        assertThatThrownBy(() -> GroupBy.parse("host, paths")).hasMessageContaining("' paths'");
    }

    @Test
    void keysSortPathsAndTagsAndLeaveUnusedFieldsEmpty() {
        Snapshots.Ref r = Snaps.ref(1, T, "h1", List.of("/b", "/a"), List.of("y", "x"));
        assertThat(GroupBy.DEFAULT.key(r.snapshot())).isEqualTo(new Key("h1", List.of("/a", "/b"), null));
        assertThat(new GroupBy(false, false, true).key(r.snapshot())).isEqualTo(new Key("", null, List.of("x", "y")));
        Snapshots.Ref untagged = Snaps.ref(2, T, "h1", List.of("/a"), List.of());
        assertThat(new GroupBy(true, false, true).key(untagged.snapshot())).isEqualTo(new Key("h1", null, null));
    }

    @Test
    void groupsInAStableOrderKeepingInputOrderInside() {
        Snapshots.Ref a1 = Snaps.ref(1, T, "b-host", List.of("/x"), List.of());
        Snapshots.Ref a2 = Snaps.ref(2, T.plusDays(1), "a-host", List.of("/x"), List.of());
        Snapshots.Ref a3 = Snaps.ref(3, T.plusDays(2), "b-host", List.of("/x"), List.of());
        Snapshots.Ref a4 = Snaps.ref(4, T.plusDays(3), "b-host", List.of("/x", "/y"), List.of());
        Map<Key, List<Snapshots.Ref>> groups = SnapshotGroups.group(List.of(a1, a2, a3, a4), GroupBy.DEFAULT);
        assertThat(groups.keySet())
                .containsExactly(
                        new Key("a-host", List.of("/x"), null),
                        new Key("b-host", List.of("/x"), null),
                        new Key("b-host", List.of("/x", "/y"), null));
        assertThat(groups.get(new Key("b-host", List.of("/x"), null))).containsExactly(a1, a3);
        assertThat(SnapshotGroups.group(List.of(a1, a2, a3, a4), GroupBy.parse("")))
                .hasSize(1);
    }

    @Test
    void headingsNameWhatTheGroupShares() {
        assertThat(new Key("h", List.of("/a", "/b"), List.of("t")).heading())
                .isEqualTo("snapshots for (host [h], tags [t], paths [/a, /b]):");
        assertThat(new Key("", null, null).heading()).isEmpty();
    }
}
