package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForgetHeldTest {
    @Test
    void aPolicyKeepsHeldSnapshotsForTheReasonLegalHold() {
        Snapshots.Ref newest = Snaps.ref(1, "2026-12-05T10:00:00Z");
        Snapshots.Ref held = Snaps.ref(2, "2026-12-04T10:00:00Z");
        Snapshots.Ref oldest = Snaps.ref(3, "2026-12-03T10:00:00Z");
        SnapshotGroups.Key key = SnapshotGroups.group(List.of(newest), SnapshotGroups.GroupBy.DEFAULT)
                .keySet()
                .iterator()
                .next();
        ForgetPlan.Group group = new ForgetPlan.Group(
                key,
                List.of(new ForgetPlan.Kept(
                        newest, List.of("last snapshot"), new ForgetPlan.Counters(0, 0, 0, 0, 0, 0))),
                List.of(held, oldest));

        ForgetPlan.Group after = Forgetter.keepHeld(group, Set.of(held.id()));
        assertThat(after.remove()).containsExactly(oldest);
        assertThat(after.keep()).extracting(ForgetPlan.Kept::snapshot).containsExactly(newest, held);
        assertThat(after.keep().get(1).reasons()).containsExactly("legal hold");
        assertThat(Forgetter.keepHeld(group, Set.of())).isSameAs(group);
    }
}
