package io.holdfast.server.policy;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One stage of a policy.
 *
 * @param type {@code backup}, {@code replicate}, {@code verify}, {@code drill} or {@code prune}
 * @param name unique within the policy; defaults to the type
 * @param every interval schedule ({@code 15m}); the interval is the RPO objective of a backup stage
 * @param cron cron schedule instead of {@code every}; a replicate stage with neither runs after each backup
 * @param retention keep rules applied after each run on the stage's target (backup: the policy's target; replicate:
 *     {@code to})
 * @param to replicate: the target copies go to
 * @param subsetPercent verify: the share of packs read per run ({@code check --read-data-subset}); the cycle reads
 *     every pack once in 100/subsetPercent runs
 * @param olderThanDays tier: copies older than this move to {@code to}
 */
public record StageSpec(
        String type,
        @Nullable String name,
        @Nullable String every,
        @Nullable String cron,
        @Nullable RetentionSpec retention,
        @Nullable String to,
        @Nullable Integer subsetPercent,
        @Nullable Integer olderThanDays) {
    public static final List<String> TYPES = List.of("backup", "replicate", "tier", "verify", "drill", "prune", "lock");

    public String stageName() {
        return name != null ? name : type;
    }

    public boolean scheduled() {
        return every != null || cron != null;
    }

    public Schedule schedule(String field) {
        return Schedule.of(every, cron, field);
    }

    public StageSpec validated(String field) {
        if (!TYPES.contains(type)) {
            throw new SpecException(field + ".type", "must be one of " + String.join(", ", TYPES));
        }
        if (name != null) {
            Names.check(field + ".name", name);
        }
        if (type.equals("tier")) {
            if (to == null || to.isBlank()) {
                throw new SpecException(field + ".to", "name the cheaper target old copies move to");
            }
            if (olderThanDays == null || olderThanDays < 1) {
                throw new SpecException(field + ".olderThanDays", "give the age in days (at least 1) copies move at");
            }
            schedule(field);
        } else if (type.equals("replicate")) {
            if (to == null || to.isBlank()) {
                throw new SpecException(field + ".to", "name the target copies are replicated to");
            }
            if (scheduled()) {
                schedule(field);
            }
        } else {
            schedule(field);
        }
        if (retention != null) {
            retention.validated(field + ".retention");
        }
        if (subsetPercent != null && (subsetPercent < 1 || subsetPercent > 100)) {
            throw new SpecException(field + ".subsetPercent", "must be 1-100");
        }
        return this;
    }
}
