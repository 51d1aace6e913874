package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.ForgetOptions;
import io.holdfast.engine.ForgetPlan;
import io.holdfast.engine.ForgetPolicy;
import io.holdfast.engine.ForgetPolicy.Period;
import io.holdfast.engine.Forgetter;
import io.holdfast.engine.KeepDuration;
import io.holdfast.engine.SnapshotFilter;
import io.holdfast.engine.SnapshotGroups;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: random snapshot sets and random policies, planned by Holdfast and by {@code restic forget
 * --dry-run --json} (restic 0.14, in the same time zone), must keep and remove the same snapshots for the same
 * reasons.
 */
class ForgetResticParityTest {
    private static final String ZONE = "Europe/Berlin";
    private static final String[] OFFSETS = {"Z", "+01:00", "+02:00", "-05:00"};
    private static final String[] DURATIONS = {"1y", "6m", "10d", "2y3m", "36h", "1m15d", "3d12h"};
    private static final String[] GROUPINGS = {"host,paths", "host", "", "tags", "host,paths,tags"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void holdfastPlansWhatResticPlans() throws Exception {
        Path repoDir = tmp.resolve("repo");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("f"), "content\n");
        Random rnd = new Random(20240601);
        try (Holdfast h = Holdfast.init(
                repoDir.toString(), ResticInteropTest.PASSWORD, InitOptions.DEFAULTS, ResticInteropTest.FAST_KDF)) {
            h.backup(BackupOptions.DEFAULTS.withPaths(src), BackupProgress.NONE);
            Snapshots.Ref backup = h.snapshots().get(0);
            Set<Instant> used = new HashSet<>();
            for (int i = 0; i < 60; i++) {
                Instant t;
                do {
                    t = Instant.parse("2019-01-01T00:00:00Z").plus(rnd.nextInt(4 * 366 * 24 * 60), ChronoUnit.MINUTES);
                    // a cluster of snapshots around daylight-saving changes and year ends
                    if (rnd.nextInt(4) == 0) {
                        Instant edge = Instant.parse(
                                List.of("2021-03-28T01:00:00Z", "2021-10-31T01:00:00Z", "2021-12-31T23:00:00Z")
                                        .get(rnd.nextInt(3)));
                        t = edge.plus(rnd.nextInt(6 * 60) - 3 * 60, ChronoUnit.MINUTES);
                    }
                } while (!used.add(t));
                OffsetDateTime time = OffsetDateTime.ofInstant(
                        t, ZoneOffset.of(OFFSETS[rnd.nextInt(OFFSETS.length)].replace("Z", "+00:00")));
                List<String> tags = new ArrayList<>();
                for (String tag : List.of("a", "b")) {
                    if (rnd.nextBoolean()) {
                        tags.add(tag);
                    }
                }
                Snapshot s = backup.snapshot().toBuilder()
                        .time(time)
                        .parent(null)
                        .hostname(rnd.nextBoolean() ? "h1" : "h2")
                        .paths(rnd.nextInt(3) == 0 ? List.of("/models", "/data") : List.of("/data"))
                        .tags(tags)
                        .build();
                h.repository().saveJson(FileType.SNAPSHOT, s.toJson());
            }
            h.repository()
                    .backend()
                    .remove(new Handle(FileType.SNAPSHOT, backup.id().hex()));

            Restic restic = new Restic(repoDir, ResticInteropTest.PASSWORD).env("TZ", ZONE);
            Clock clock = Clock.system(ZoneId.of(ZONE));
            for (int round = 0; round < 30; round++) {
                List<String> args = new ArrayList<>(List.of("forget", "--dry-run", "--no-lock", "--json"));
                ForgetPolicy policy = randomPolicy(rnd, args);
                String grouping = GROUPINGS[rnd.nextInt(GROUPINGS.length)];
                args.add("--group-by");
                args.add(grouping);
                ForgetOptions opts = new ForgetOptions(
                        policy, SnapshotFilter.ALL, SnapshotGroups.GroupBy.parse(grouping), List.of(), true);
                ForgetPlan plan = Forgetter.plan(h.repository(), opts, clock);
                String out = restic.ok(args.toArray(String[]::new)).out();
                assertThat(describe(plan))
                        .as("round %d: %s", round, String.join(" ", args))
                        .isEqualTo(describe(JSON.readTree(out)));
            }
        }
    }

    /** A random, non-empty policy; its restic flags are appended to {@code args}. */
    private static ForgetPolicy randomPolicy(Random rnd, List<String> args) {
        ForgetPolicy.Builder b = ForgetPolicy.builder();
        boolean any = false;
        while (!any) {
            if (rnd.nextInt(3) == 0) {
                int n = 1 + rnd.nextInt(5);
                b.keepLast(n);
                args.addAll(List.of("--keep-last", Integer.toString(n)));
                any = true;
            }
            for (Period p : Period.values()) {
                if (rnd.nextInt(4) == 0) {
                    int n = 1 + rnd.nextInt(6);
                    b.keep(p, n);
                    args.addAll(List.of("--keep-" + p.label(), Integer.toString(n)));
                    any = true;
                }
                if (rnd.nextInt(10) == 0) {
                    String d = DURATIONS[rnd.nextInt(DURATIONS.length)];
                    b.keepWithin(p, KeepDuration.parse(d));
                    args.addAll(List.of("--keep-within-" + p.label(), d));
                    any = true;
                }
            }
            if (rnd.nextInt(4) == 0) {
                String d = DURATIONS[rnd.nextInt(DURATIONS.length)];
                b.keepWithin(KeepDuration.parse(d));
                args.addAll(List.of("--keep-within", d));
                any = true;
            }
            if (rnd.nextInt(5) == 0) {
                String tags = rnd.nextBoolean() ? "a" : "a,b";
                b.keepTag(SnapshotFilter.tagList(tags));
                args.addAll(List.of("--keep-tag", tags));
                any = true;
            }
        }
        return b.build();
    }

    /** group key → "keep id [reasons] {counters}" and "remove id" lines, in order. */
    private static Map<String, List<String>> describe(ForgetPlan plan) {
        Map<String, List<String>> out = new HashMap<>();
        for (ForgetPlan.Group g : plan.groups()) {
            List<String> lines = new ArrayList<>();
            for (ForgetPlan.Kept k : g.keep()) {
                ForgetPlan.Counters c = k.counters();
                lines.add("keep " + k.snapshot().id().hex() + " " + k.reasons() + " "
                        + List.of(c.last(), c.hourly(), c.daily(), c.weekly(), c.monthly(), c.yearly()));
            }
            for (Snapshots.Ref r : g.remove()) {
                lines.add("remove " + r.id().hex());
            }
            out.put(key(g.key().hostname(), g.key().paths(), g.key().tags()), lines);
        }
        return out;
    }

    private static Map<String, List<String>> describe(JsonNode restic) {
        Map<String, List<String>> out = new HashMap<>();
        for (JsonNode g : restic) {
            List<String> lines = new ArrayList<>();
            JsonNode keep = g.get("keep");
            for (int i = 0; keep != null && i < keep.size(); i++) {
                JsonNode reason = g.get("reasons").get(i);
                List<String> matches = new ArrayList<>();
                reason.get("matches").forEach(m -> matches.add(m.asText()));
                JsonNode c = reason.get("counters");
                List<Integer> counters = new ArrayList<>();
                for (String name : List.of("last", "hourly", "daily", "weekly", "monthly", "yearly")) {
                    counters.add(c.path(name).asInt(0));
                }
                lines.add("keep " + keep.get(i).get("id").asText() + " " + matches + " " + counters);
            }
            JsonNode remove = g.get("remove");
            for (int i = 0; remove != null && i < remove.size(); i++) {
                lines.add("remove " + remove.get(i).get("id").asText());
            }
            out.put(key(g.get("host").asText(), strings(g.get("paths")), strings(g.get("tags"))), lines);
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> l = new ArrayList<>();
        if (array != null && !array.isNull()) {
            array.forEach(n -> l.add(n.asText()));
        }
        return l;
    }

    private static String key(String host, List<String> paths, List<String> tags) {
        return host + "|" + (paths == null ? List.of() : paths) + "|" + (tags == null ? List.of() : tags);
    }
}
