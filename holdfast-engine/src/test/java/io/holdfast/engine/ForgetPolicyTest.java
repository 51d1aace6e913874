package io.holdfast.engine;

import static io.holdfast.engine.Snaps.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.engine.ForgetPolicy.Period;
import io.holdfast.format.Id;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForgetPolicyTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final SnapshotGroups.Key KEY = new SnapshotGroups.Key("host", List.of("/data"), null);

    private static ForgetPlan.Group apply(ForgetPolicy p, List<Snapshots.Ref> refs) {
        return p.apply(KEY, refs, NOW);
    }

    private static List<Id> kept(ForgetPlan.Group g) {
        return g.keep().stream().map(k -> k.snapshot().id()).toList();
    }

    private static List<Id> removed(ForgetPlan.Group g) {
        return g.remove().stream().map(Snapshots.Ref::id).toList();
    }

    private static List<Id> ids(int... ns) {
        List<Id> out = new ArrayList<>();
        for (int n : ns) {
            out.add(Snaps.id(n));
        }
        return out;
    }

    @Test
    void keepLastKeepsTheNewestAndCountsDown() {
        List<Snapshots.Ref> refs = List.of(
                ref(1, "2023-01-01T10:00:00Z"),
                ref(2, "2023-01-02T10:00:00Z"),
                ref(3, "2023-01-03T10:00:00Z"),
                ref(4, "2023-01-04T10:00:00Z"),
                ref(5, "2023-01-05T10:00:00Z"));
        ForgetPlan.Group g = apply(ForgetPolicy.builder().keepLast(3).build(), refs);
        assertThat(kept(g)).isEqualTo(ids(5, 4, 3));
        assertThat(removed(g)).isEqualTo(ids(2, 1));
        assertThat(g.keep()).allSatisfy(k -> assertThat(k.reasons()).containsExactly("last snapshot"));
        assertThat(g.keep().stream().map(k -> k.counters().last())).containsExactly(2, 1, 0);
    }

    @Test
    void keepDailyKeepsTheNewestOfEachDay() {
        List<Snapshots.Ref> refs = List.of(
                ref(1, "2023-01-01T08:00:00Z"),
                ref(2, "2023-01-01T20:00:00Z"),
                ref(3, "2023-01-02T08:00:00Z"),
                ref(4, "2023-01-03T08:00:00Z"),
                ref(5, "2023-01-03T09:00:00Z"));
        ForgetPlan.Group g = apply(ForgetPolicy.builder().keep(Period.DAILY, 2).build(), refs);
        assertThat(kept(g)).isEqualTo(ids(5, 3));
        assertThat(g.keep().get(0).reasons()).containsExactly("daily snapshot");
        assertThat(g.keep().get(0).counters().daily()).isEqualTo(1);
        // more days than snapshots: one per day, no more
        assertThat(kept(apply(ForgetPolicy.builder().keep(Period.DAILY, 10).build(), refs)))
                .isEqualTo(ids(5, 3, 2));
    }

    @Test
    void bucketsUseEachSnapshotsOwnWallClock() {
        // 23:30 UTC on 1 January, but 00:30 on 2 January where it was taken: a 2 January snapshot, like restic
        List<Snapshots.Ref> refs = List.of(
                ref(1, "2023-01-02T00:30:00+01:00"), ref(2, "2023-01-02T10:00:00Z"), ref(3, "2023-01-01T12:00:00Z"));
        assertThat(kept(apply(ForgetPolicy.builder().keep(Period.DAILY, 5).build(), refs)))
                .isEqualTo(ids(2, 3));
        assertThat(kept(apply(ForgetPolicy.builder().keep(Period.HOURLY, 5).build(), refs)))
                .isEqualTo(ids(2, 1, 3));
    }

    @Test
    void aPeriodCountsAgainWhenOffsetsInterleaveItsSnapshots() {
        // newest first: 1 January (UTC wall clock), 2 January (+01:00), 1 January again: as in restic, each snapshot
        // is compared with the period of the last one kept, so 1 January is kept twice
        List<Snapshots.Ref> refs = List.of(
                ref(1, "2023-01-01T23:45:00Z"), ref(2, "2023-01-02T00:30:00+01:00"), ref(3, "2023-01-01T23:00:00Z"));
        ForgetPlan.Group g = apply(ForgetPolicy.builder().keep(Period.DAILY, 3).build(), refs);
        assertThat(kept(g)).isEqualTo(ids(1, 2, 3));
    }

    @Test
    void weeksAreIsoWeeks() {
        // Monday 28 December 2020 and Sunday 3 January 2021 are both in week 53 of 2020
        List<Snapshots.Ref> refs =
                List.of(ref(1, "2020-12-28T10:00:00Z"), ref(2, "2021-01-03T10:00:00Z"), ref(3, "2021-01-04T10:00:00Z"));
        ForgetPlan.Group g = apply(ForgetPolicy.builder().keep(Period.WEEKLY, 5).build(), refs);
        assertThat(kept(g)).isEqualTo(ids(3, 2));
        assertThat(removed(g)).isEqualTo(ids(1));
    }

    @Test
    void monthlyAndYearly() {
        List<Snapshots.Ref> refs = List.of(
                ref(1, "2021-06-01T00:00:00Z"),
                ref(2, "2021-12-31T23:00:00Z"),
                ref(3, "2022-01-15T00:00:00Z"),
                ref(4, "2022-01-20T00:00:00Z"),
                ref(5, "2022-03-01T00:00:00Z"));
        assertThat(kept(apply(ForgetPolicy.builder().keep(Period.MONTHLY, 3).build(), refs)))
                .isEqualTo(ids(5, 4, 2));
        ForgetPlan.Group y = apply(ForgetPolicy.builder().keep(Period.YEARLY, 3).build(), refs);
        assertThat(kept(y)).isEqualTo(ids(5, 2));
        assertThat(y.keep().get(1).reasons()).containsExactly("yearly snapshot");
    }

    @Test
    void keepWithinCountsFromTheNewestSnapshotNotFromNow() {
        List<Snapshots.Ref> refs =
                List.of(ref(1, "2020-01-10T00:00:00Z"), ref(2, "2020-01-09T00:00:01Z"), ref(3, "2020-01-08T00:00:00Z"));
        ForgetPlan.Group g = apply(
                ForgetPolicy.builder().keepWithin(KeepDuration.parse("2d")).build(), refs);
        // exactly two days before the newest is not "after" the limit
        assertThat(kept(g)).isEqualTo(ids(1, 2));
        assertThat(g.keep().get(0).reasons()).containsExactly("within 2d");
        assertThat(removed(g)).isEqualTo(ids(3));
    }

    @Test
    void keepWithinIgnoresSnapshotsInTheFuture() {
        Clock now = Clock.fixed(Instant.parse("2023-01-10T00:00:00Z"), ZoneOffset.UTC);
        List<Snapshots.Ref> refs =
                List.of(ref(1, "2023-01-20T00:00:00Z"), ref(2, "2023-01-09T00:00:00Z"), ref(3, "2023-01-06T00:00:00Z"));
        ForgetPolicy p =
                ForgetPolicy.builder().keepWithin(KeepDuration.parse("2d")).build();
        assertThat(kept(p.apply(KEY, refs, now))).isEqualTo(ids(1, 2));
        // nothing before now: restic measures from Go's zero time, so everything is within
        Clock past = Clock.fixed(Instant.parse("2000-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(p.apply(KEY, refs, past).remove()).isEmpty();
    }

    @Test
    void keepWithinPeriodKeepsOnePerPeriodInsideTheWindow() {
        List<Snapshots.Ref> refs = List.of(
                ref(1, "2023-01-05T10:00:00Z"),
                ref(2, "2023-01-05T08:00:00Z"),
                ref(3, "2023-01-04T10:00:00Z"),
                ref(4, "2023-01-01T10:00:00Z"));
        ForgetPlan.Group g = apply(
                ForgetPolicy.builder()
                        .keepWithin(Period.DAILY, KeepDuration.parse("3d"))
                        .build(),
                refs);
        assertThat(kept(g)).isEqualTo(ids(1, 3));
        assertThat(g.keep().get(0).reasons()).containsExactly("daily within 3d");
    }

    @Test
    void keepTagNeedsAllTagsOfOneList() {
        List<Snapshots.Ref> refs = List.of(
                ref(1, "2023-01-05T10:00:00Z", "a", "b", "c"),
                ref(2, "2023-01-04T10:00:00Z", "a"),
                ref(3, "2023-01-03T10:00:00Z", "c"),
                ref(4, "2023-01-02T10:00:00Z"));
        ForgetPlan.Group g = apply(
                ForgetPolicy.builder()
                        .keepTag(List.of("a", "b"))
                        .keepTag(List.of("c"))
                        .build(),
                refs);
        assertThat(kept(g)).isEqualTo(ids(1, 3));
        assertThat(g.keep().get(0).reasons()).containsExactly("has tags [a, b]", "has tags [c]");
        // the empty tag stands for "no tags"
        assertThat(kept(apply(ForgetPolicy.builder().keepTag(List.of("")).build(), refs)))
                .isEqualTo(ids(4));
    }

    @Test
    void rulesAreAUnionAndEachReasonIsListed() {
        List<Snapshots.Ref> refs = List.of(
                ref(1, "2023-01-05T10:00:00Z"),
                ref(2, "2023-01-05T09:00:00Z"),
                ref(3, "2023-01-04T10:00:00Z", "keep"),
                ref(4, "2023-01-03T10:00:00Z"));
        ForgetPlan.Group g = apply(
                ForgetPolicy.builder()
                        .keepLast(1)
                        .keep(Period.DAILY, 2)
                        .keepTag(List.of("keep"))
                        .build(),
                refs);
        assertThat(kept(g)).isEqualTo(ids(1, 3));
        assertThat(g.keep().get(0).reasons()).containsExactly("last snapshot", "daily snapshot");
        assertThat(g.keep().get(1).reasons()).containsExactly("has tags [keep]", "daily snapshot");
        assertThat(removed(g)).isEqualTo(ids(2, 4));
    }

    @Test
    void equalTimesAreOrderedByIdWhateverTheInputOrder() {
        List<Snapshots.Ref> refs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            refs.add(ref(i, "2023-01-05T10:00:00Z"));
        }
        ForgetPolicy p = ForgetPolicy.builder().keepLast(2).build();
        List<Id> first = kept(apply(p, refs));
        Collections.reverse(refs);
        assertThat(kept(apply(p, refs))).isEqualTo(first);
        List<Id> sorted = refs.stream().map(Snapshots.Ref::id).sorted().toList();
        assertThat(first).isEqualTo(sorted.subList(0, 2));
        // equal times are one day: keep-daily keeps only one of them
        assertThat(apply(ForgetPolicy.builder().keep(Period.DAILY, 3).build(), refs)
                        .keep())
                .hasSize(1);
    }

    @Test
    void anEmptyPolicyKeepsEverything() {
        List<Snapshots.Ref> refs = List.of(ref(1, "2023-01-05T10:00:00Z"), ref(2, "2023-01-04T10:00:00Z"));
        assertThat(ForgetPolicy.EMPTY.isEmpty()).isTrue();
        ForgetPlan.Group g = apply(ForgetPolicy.EMPTY, refs);
        assertThat(g.remove()).isEmpty();
        assertThat(g.keep()).allSatisfy(k -> assertThat(k.reasons()).containsExactly("policy is empty"));
        assertThat(ForgetPolicy.builder().keepTag(List.of("x")).build().isEmpty())
                .isFalse();
        assertThat(ForgetPolicy.builder()
                        .keepWithin(Period.YEARLY, KeepDuration.parse("1y"))
                        .build()
                        .isEmpty())
                .isFalse();
    }

    @Test
    void describesItselfInResticsWords() {
        ForgetPolicy p = ForgetPolicy.builder()
                .keepLast(3)
                .keep(Period.DAILY, 7)
                .keep(Period.YEARLY, 1)
                .keepWithin(Period.HOURLY, KeepDuration.parse("1d"))
                .keepTag(List.of("a", "b"))
                .keepTag(List.of("c"))
                .keepWithin(KeepDuration.parse("1y2m"))
                .build();
        assertThat(p.toString())
                .isEqualTo("keep 3 latest, 7 daily, 1 yearly snapshots, hourly snapshots within 1d and all snapshots"
                        + " with tags [[a, b] [c]] and all snapshots within 1y2m of the newest");
        assertThat(ForgetPolicy.builder()
                        .keepWithin(KeepDuration.parse("2d"))
                        .build()
                        .toString())
                .isEqualTo("keep all snapshots within 2d of the newest");
    }

    @Test
    void negativeCountsAreRejected() {
        assertThatThrownBy(() -> ForgetPolicy.builder().keepLast(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--keep-last");
        assertThatThrownBy(() -> ForgetPolicy.builder().keep(Period.WEEKLY, -1)).hasMessageContaining("--keep-weekly");
    }
}
