package io.holdfast.engine;

import io.holdfast.format.json.GoTime;
import io.holdfast.format.snapshot.Snapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which snapshots of a group {@code forget} keeps, with restic 0.14's rules ({@code ApplyPolicy}). Snapshots are
 * considered newest first. A snapshot is kept if any rule keeps it:
 *
 * <ul>
 *   <li>{@code --keep-last n}: the newest n;
 *   <li>{@code --keep-hourly/-daily/-weekly/-monthly/-yearly n}: going from the newest, the first snapshot of each
 *       period (hour, day, ISO week, month, year of the snapshot's own wall clock) until n periods are used;
 *   <li>{@code --keep-within d}: every snapshot newer than d before the newest snapshot that is not in the future;
 *   <li>{@code --keep-within-hourly/... d}: the first snapshot of each period, among those newer than that limit;
 *   <li>{@code --keep-tag a,b}: every snapshot having all the tags of one such list.
 * </ul>
 *
 * Immutable; build one with {@link #builder()}. {@link #apply} is a pure function of the snapshots and the clock.
 */
public final class ForgetPolicy {
    /** A policy without rules: keeps everything. */
    public static final ForgetPolicy EMPTY = builder().build();

    /** The calendar periods snapshots are bucketed by. */
    public enum Period {
        HOURLY,
        DAILY,
        WEEKLY,
        MONTHLY,
        YEARLY;

        /** restic's name of the period, e.g. {@code daily}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The bucket of a time, from its own wall clock and offset (as restic reads snapshot times). */
        long bucket(OffsetDateTime t) {
            long y = t.getYear();
            return switch (this) {
                case HOURLY -> y * 1_000_000 + t.getMonthValue() * 10_000L + t.getDayOfMonth() * 100L + t.getHour();
                case DAILY -> y * 10_000 + t.getMonthValue() * 100L + t.getDayOfMonth();
                case WEEKLY -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                case MONTHLY -> y * 100 + t.getMonthValue();
                case YEARLY -> y;
            };
        }
    }

    /** Newest first; equal times by id, so that the order and the result are deterministic. */
    public static final Comparator<Snapshots.Ref> NEWEST_FIRST = Comparator.comparing(
                    (Snapshots.Ref r) -> r.snapshot().time().toInstant())
            .reversed()
            .thenComparing(Snapshots.Ref::id);

    private final int last;
    private final Map<Period, Integer> counts;
    private final KeepDuration within;
    private final Map<Period, KeepDuration> withinPeriods;
    private final List<List<String>> keepTags;

    private ForgetPolicy(Builder b) {
        last = b.last;
        counts = new EnumMap<>(b.counts);
        within = b.within;
        withinPeriods = new EnumMap<>(b.withinPeriods);
        keepTags = b.keepTags.stream().map(List::copyOf).toList();
    }

    /** A builder of an empty policy. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code --keep-last}. */
    public int last() {
        return last;
    }

    /** {@code --keep-hourly} etc. */
    public int count(Period p) {
        return counts.getOrDefault(p, 0);
    }

    /** {@code --keep-within}. */
    public KeepDuration within() {
        return within;
    }

    /** {@code --keep-within-hourly} etc. */
    public KeepDuration within(Period p) {
        return withinPeriods.getOrDefault(p, KeepDuration.ZERO);
    }

    /** {@code --keep-tag} lists. */
    public List<List<String>> keepTags() {
        return keepTags;
    }

    /** Whether no rule is set; {@code forget} then removes nothing. */
    public boolean isEmpty() {
        return last == 0
                && counts.values().stream().allMatch(c -> c == 0)
                && within.isZero()
                && withinPeriods.values().stream().allMatch(KeepDuration::isZero)
                && keepTags.isEmpty();
    }

    /**
     * Applies the policy to one group. {@code clock} gives "now" (snapshots after it are not the newest for the
     * {@code within} rules) and the local zone (see {@link KeepDuration#before}).
     */
    public ForgetPlan.Group apply(SnapshotGroups.Key key, List<Snapshots.Ref> snapshots, Clock clock) {
        List<Snapshots.Ref> list = new ArrayList<>(snapshots);
        list.sort(NEWEST_FIRST);
        List<ForgetPlan.Kept> keep = new ArrayList<>();
        List<Snapshots.Ref> remove = new ArrayList<>();
        if (isEmpty()) {
            for (Snapshots.Ref r : list) {
                keep.add(new ForgetPlan.Kept(r, List.of("policy is empty"), new ForgetPlan.Counters(0, 0, 0, 0, 0, 0)));
            }
            return new ForgetPlan.Group(key, keep, remove);
        }
        Instant withinLimit = limit(within, list, clock);
        Map<Period, Instant> periodLimits = new EnumMap<>(Period.class);
        for (Period p : Period.values()) {
            periodLimits.put(p, limit(within(p), list, clock));
        }
        int[] left = new int[Period.values().length + 1];
        left[0] = last;
        for (Period p : Period.values()) {
            left[p.ordinal() + 1] = count(p);
        }
        long[] lastBucket = new long[left.length];
        long[] lastWithinBucket = new long[Period.values().length];
        java.util.Arrays.fill(lastBucket, Long.MIN_VALUE);
        java.util.Arrays.fill(lastWithinBucket, Long.MIN_VALUE);
        for (int nr = 0; nr < list.size(); nr++) {
            Snapshots.Ref cur = list.get(nr);
            Snapshot s = cur.snapshot();
            Instant t = s.time().toInstant();
            List<String> reasons = new ArrayList<>();
            for (List<String> tags : keepTags) {
                if (SnapshotFilter.hasTags(s, tags)) {
                    reasons.add("has tags " + goList(tags));
                }
            }
            if (!within.isZero() && t.isAfter(withinLimit)) {
                reasons.add("within " + within);
            }
            for (int i = 0; i < left.length; i++) {
                if (left[i] > 0) {
                    long bucket = i == 0 ? nr : Period.values()[i - 1].bucket(s.time());
                    if (bucket != lastBucket[i]) {
                        lastBucket[i] = bucket;
                        left[i]--;
                        reasons.add(i == 0 ? "last snapshot" : Period.values()[i - 1].label() + " snapshot");
                    }
                }
            }
            for (Period p : Period.values()) {
                KeepDuration d = within(p);
                if (!d.isZero() && t.isAfter(periodLimits.get(p))) {
                    long bucket = p.bucket(s.time());
                    if (bucket != lastWithinBucket[p.ordinal()]) {
                        lastWithinBucket[p.ordinal()] = bucket;
                        reasons.add(p.label() + " within " + d);
                    }
                }
            }
            if (reasons.isEmpty()) {
                remove.add(cur);
            } else {
                keep.add(new ForgetPlan.Kept(
                        cur, reasons, new ForgetPlan.Counters(left[0], left[1], left[2], left[3], left[4], left[5])));
            }
        }
        return new ForgetPlan.Group(key, keep, remove);
    }

    /** The instant {@code d} before the newest snapshot that is not after now (Go's zero time if there is none). */
    private static Instant limit(KeepDuration d, List<Snapshots.Ref> newestFirst, Clock clock) {
        if (d.isZero()) {
            return Instant.MIN;
        }
        Instant now = clock.instant();
        OffsetDateTime latest = GoTime.ZERO;
        boolean found = false;
        for (Snapshots.Ref r : newestFirst) {
            OffsetDateTime t = r.snapshot().time();
            if (t.toInstant().isAfter(latest.toInstant()) && t.toInstant().isBefore(now)) {
                latest = t;
                found = true;
            }
        }
        // Go's zero time, where restic starts looking for the newest, is in UTC
        ZoneId zone = found ? clock.getZone() : ZoneOffset.UTC;
        return d.before(latest, zone);
    }

    private static String goList(List<String> tags) {
        return "[" + String.join(", ", tags) + "]";
    }

    /** restic's description, e.g. {@code keep 3 latest, 7 daily snapshots and all snapshots within 1m of the newest}. */
    @Override
    public String toString() {
        List<String> keeps = new ArrayList<>();
        if (last > 0) {
            keeps.add(last + " latest");
        }
        for (Period p : Period.values()) {
            if (count(p) > 0) {
                keeps.add(count(p) + " " + p.label());
            }
        }
        List<String> keepWithin = new ArrayList<>();
        for (Period p : Period.values()) {
            if (!within(p).isZero()) {
                keepWithin.add(p.label() + " snapshots within " + within(p));
            }
        }
        String s = keeps.isEmpty() ? "" : String.join(", ", keeps) + " snapshots";
        if (!keepWithin.isEmpty()) {
            s += (s.isEmpty() ? "" : ", ") + String.join(", ", keepWithin);
        }
        if (!keepTags.isEmpty()) {
            List<String> lists = keepTags.stream().map(ForgetPolicy::goList).toList();
            s += (s.isEmpty() ? "" : " and ") + "all snapshots with tags [" + String.join(" ", lists) + "]";
        }
        if (!within.isZero()) {
            s += (s.isEmpty() ? "" : " and ") + "all snapshots within " + within + " of the newest";
        }
        return "keep " + s;
    }

    /** Collects the rules of a {@link ForgetPolicy}. */
    public static final class Builder {
        private int last;
        private final Map<Period, Integer> counts = new EnumMap<>(Period.class);
        private KeepDuration within = KeepDuration.ZERO;
        private final Map<Period, KeepDuration> withinPeriods = new EnumMap<>(Period.class);
        private final List<List<String>> keepTags = new ArrayList<>();

        private Builder() {}

        /** Keep the newest {@code n} snapshots. */
        public Builder keepLast(int n) {
            last = nonNegative(n, "last");
            return this;
        }

        /** Keep the newest snapshot of each of the last {@code n} periods that have snapshots. */
        public Builder keep(Period p, int n) {
            counts.put(p, nonNegative(n, p.label()));
            return this;
        }

        /** Keep every snapshot newer than {@code d} before the newest. */
        public Builder keepWithin(KeepDuration d) {
            within = d;
            return this;
        }

        /** Keep the newest snapshot of each period, among those newer than {@code d} before the newest. */
        public Builder keepWithin(Period p, KeepDuration d) {
            withinPeriods.put(p, d);
            return this;
        }

        /** Keep every snapshot that has all of {@code tags}; may be given several times. */
        public Builder keepTag(List<String> tags) {
            keepTags.add(List.copyOf(tags));
            return this;
        }

        public ForgetPolicy build() {
            return new ForgetPolicy(this);
        }

        private static int nonNegative(int n, String rule) {
            if (n < 0) {
                throw new IllegalArgumentException("--keep-" + rule + " must not be negative, got " + n);
            }
            return n;
        }
    }
}
