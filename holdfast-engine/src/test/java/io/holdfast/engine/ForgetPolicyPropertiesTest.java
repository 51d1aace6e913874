package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.engine.ForgetPolicy.Period;
import io.holdfast.format.Id;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of the policy over random snapshot sets: times spread over years, a few offsets, random tags. */
class ForgetPolicyPropertiesTest {
    private static final Instant BASE = Instant.parse("2021-01-01T00:00:00Z");
    private static final Clock NOW = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneId.of("Europe/Berlin"));
    private static final SnapshotGroups.Key KEY = new SnapshotGroups.Key("", null, null);
    private static final int[] OFFSET_HOURS = {0, 1, 2, -5, 9};
    private static final String[] TAGS = {"a", "b", "c"};

    @Provide
    Arbitrary<List<Snapshots.Ref>> snapshots() {
        return Combinators.combine(Arbitraries.integers().between(0, 60), Arbitraries.longs())
                .as((count, seed) -> {
                    Random rnd = new Random(seed);
                    List<Snapshots.Ref> refs = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        // minutes within three years; sometimes the same time as an earlier snapshot
                        Instant t = rnd.nextInt(8) == 0 && !refs.isEmpty()
                                ? refs.get(rnd.nextInt(refs.size()))
                                        .snapshot()
                                        .time()
                                        .toInstant()
                                : BASE.plus(rnd.nextInt(3 * 366 * 24 * 60), ChronoUnit.MINUTES);
                        ZoneOffset off = ZoneOffset.ofHours(OFFSET_HOURS[rnd.nextInt(OFFSET_HOURS.length)]);
                        List<String> tags = new ArrayList<>();
                        for (String tag : TAGS) {
                            if (rnd.nextInt(3) == 0) {
                                tags.add(tag);
                            }
                        }
                        refs.add(Snaps.ref(i, OffsetDateTime.ofInstant(t, off), "h", List.of("/d"), tags));
                    }
                    return refs;
                });
    }

    private static Set<Id> kept(ForgetPolicy p, List<Snapshots.Ref> refs) {
        return p.apply(KEY, refs, NOW).keep().stream()
                .map(k -> k.snapshot().id())
                .collect(Collectors.toSet());
    }

    private static List<Snapshots.Ref> newestFirst(List<Snapshots.Ref> refs) {
        List<Snapshots.Ref> sorted = new ArrayList<>(refs);
        sorted.sort(ForgetPolicy.NEWEST_FIRST);
        return sorted;
    }

    @Property
    void keepLastKeepsExactlyTheNewestN(
            @ForAll("snapshots") List<Snapshots.Ref> refs, @ForAll @IntRange(min = 1, max = 80) int n) {
        ForgetPlan.Group g = ForgetPolicy.builder().keepLast(n).build().apply(KEY, refs, NOW);
        assertThat(g.keep()).hasSize(Math.min(n, refs.size()));
        List<Snapshots.Ref> expected = newestFirst(refs).subList(0, Math.min(n, refs.size()));
        assertThat(g.keep().stream().map(ForgetPlan.Kept::snapshot).toList()).isEqualTo(expected);
    }

    @Property
    void keepAndRemovePartitionTheGroup(
            @ForAll("snapshots") List<Snapshots.Ref> refs, @ForAll("policies") ForgetPolicy p) {
        ForgetPlan.Group g = p.apply(KEY, refs, NOW);
        Set<Id> keep = g.keep().stream().map(k -> k.snapshot().id()).collect(Collectors.toSet());
        Set<Id> remove = g.remove().stream().map(Snapshots.Ref::id).collect(Collectors.toSet());
        assertThat(Collections.disjoint(keep, remove)).isTrue();
        Set<Id> all = new HashSet<>(keep);
        all.addAll(remove);
        assertThat(all).isEqualTo(refs.stream().map(Snapshots.Ref::id).collect(Collectors.toSet()));
        assertThat(g.keep()).allSatisfy(k -> assertThat(k.reasons()).isNotEmpty());
    }

    @Property
    void aPolicyKeepsTheUnionOfWhatItsRulesKeep(
            @ForAll("snapshots") List<Snapshots.Ref> refs,
            @ForAll @IntRange(max = 5) int last,
            @ForAll @IntRange(max = 5) int daily,
            @ForAll @IntRange(max = 5) int weekly,
            @ForAll @IntRange(max = 3) int yearly,
            @ForAll @IntRange(max = 40) int withinDays) {
        KeepDuration within = new KeepDuration(0, 0, withinDays, 0);
        ForgetPolicy all = ForgetPolicy.builder()
                .keepLast(last)
                .keep(Period.DAILY, daily)
                .keep(Period.WEEKLY, weekly)
                .keep(Period.YEARLY, yearly)
                .keepWithin(within)
                .keepTag(List.of("a", "b"))
                .build();
        // a rule with a zero count is no rule (a policy without rules would keep everything)
        Set<Id> union = new HashSet<>();
        if (last > 0) {
            union.addAll(kept(ForgetPolicy.builder().keepLast(last).build(), refs));
        }
        if (daily > 0) {
            union.addAll(kept(ForgetPolicy.builder().keep(Period.DAILY, daily).build(), refs));
        }
        if (weekly > 0) {
            union.addAll(kept(ForgetPolicy.builder().keep(Period.WEEKLY, weekly).build(), refs));
        }
        if (yearly > 0) {
            union.addAll(kept(ForgetPolicy.builder().keep(Period.YEARLY, yearly).build(), refs));
        }
        if (!within.isZero()) {
            union.addAll(kept(ForgetPolicy.builder().keepWithin(within).build(), refs));
        }
        union.addAll(kept(ForgetPolicy.builder().keepTag(List.of("a", "b")).build(), refs));
        assertThat(kept(all, refs)).isEqualTo(union);
    }

    @Property
    void keepDailyKeepsTheNewestSnapshotOfEachOfTheNewestNDays(
            @ForAll("snapshots") List<Snapshots.Ref> refs,
            @ForAll @IntRange(min = 1, max = 30) int n,
            @ForAll @IntRange(min = -12, max = 14) int offsetHours) {
        // all in one offset, so that wall-clock days follow the order of the instants
        List<Snapshots.Ref> same = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            OffsetDateTime t = refs.get(i).snapshot().time().withOffsetSameInstant(ZoneOffset.ofHours(offsetHours));
            same.add(Snaps.ref(i, t, "h", List.of("/d"), List.of()));
        }
        Set<Id> expected = new HashSet<>();
        Set<java.time.LocalDate> days = new LinkedHashSet<>();
        for (Snapshots.Ref r : newestFirst(same)) {
            java.time.LocalDate day = r.snapshot().time().toLocalDate();
            if (days.size() < n && days.add(day)) {
                expected.add(r.id());
            }
        }
        assertThat(kept(ForgetPolicy.builder().keep(Period.DAILY, n).build(), same))
                .isEqualTo(expected);
    }

    @Property
    void keepWithinKeepsExactlyTheSnapshotsInTheWindow(
            @ForAll("snapshots") List<Snapshots.Ref> refs,
            @ForAll @IntRange(min = 0, max = 400) int days,
            @ForAll @IntRange(min = 0, max = 48) int hours) {
        if (refs.isEmpty() || days + hours == 0) {
            return;
        }
        // UTC is never Berlin's offset, so these times are in a fixed zone where a day is 24 hours
        List<Snapshots.Ref> utc = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            OffsetDateTime t = refs.get(i).snapshot().time().withOffsetSameInstant(ZoneOffset.UTC);
            utc.add(Snaps.ref(i, t, "h", List.of("/d"), List.of()));
        }
        Instant latest = newestFirst(utc).get(0).snapshot().time().toInstant();
        Instant limit = latest.minus(days, ChronoUnit.DAYS).minus(hours, ChronoUnit.HOURS);
        Set<Id> expected = utc.stream()
                .filter(r -> r.snapshot().time().toInstant().isAfter(limit))
                .map(Snapshots.Ref::id)
                .collect(Collectors.toSet());
        ForgetPolicy p = ForgetPolicy.builder()
                .keepWithin(new KeepDuration(0, 0, days, hours))
                .build();
        assertThat(kept(p, utc)).isEqualTo(expected);
    }

    @Property
    void theResultDoesNotDependOnTheInputOrder(
            @ForAll("snapshots") List<Snapshots.Ref> refs, @ForAll("policies") ForgetPolicy p, @ForAll long seed) {
        List<Snapshots.Ref> shuffled = new ArrayList<>(refs);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(p.apply(KEY, shuffled, NOW)).isEqualTo(p.apply(KEY, refs, NOW));
    }

    @Property
    void largerCountsNeverKeepLess(
            @ForAll("snapshots") List<Snapshots.Ref> refs,
            @ForAll @IntRange(min = 0, max = 10) int n,
            @ForAll("periods") Period period) {
        Set<Id> smaller =
                kept(ForgetPolicy.builder().keep(period, n).keepLast(1).build(), refs);
        Set<Id> larger =
                kept(ForgetPolicy.builder().keep(period, n + 1).keepLast(1).build(), refs);
        assertThat(larger).containsAll(smaller);
    }

    @Provide
    Arbitrary<Period> periods() {
        return Arbitraries.of(Period.values());
    }

    @Provide
    Arbitrary<ForgetPolicy> policies() {
        Arbitrary<Integer> count = Arbitraries.integers().between(0, 6);
        return Combinators.combine(
                        count,
                        count,
                        count,
                        count,
                        count,
                        count,
                        Arbitraries.integers().between(0, 90))
                .as((last, hourly, daily, weekly, monthly, yearly, within) -> ForgetPolicy.builder()
                        .keepLast(last)
                        .keep(Period.HOURLY, hourly)
                        .keep(Period.DAILY, daily)
                        .keep(Period.WEEKLY, weekly)
                        .keep(Period.MONTHLY, monthly)
                        .keep(Period.YEARLY, yearly)
                        .keepWithin(new KeepDuration(0, 0, within, 0))
                        .keepWithin(Period.DAILY, new KeepDuration(0, 1, 0, 0))
                        .build());
    }
}
