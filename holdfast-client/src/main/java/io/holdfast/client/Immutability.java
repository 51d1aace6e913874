package io.holdfast.client;

import io.holdfast.engine.Hosts;
import io.holdfast.engine.Snapshots;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.engine.retention.Holds;
import io.holdfast.engine.retention.LockExtender;
import io.holdfast.engine.retention.LockStates;
import io.holdfast.engine.retention.LockStatus;
import io.holdfast.engine.retention.NeededFiles;
import io.holdfast.format.Id;
import io.holdfast.repository.Repository;
import io.holdfast.repository.RepositoryLock;
import io.holdfast.storage.Handle;
import io.holdfast.storage.ObjectLocking;
import io.holdfast.storage.PermanentStorageException;
import io.holdfast.storage.RetentionRule;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Object Lock and legal holds of an open repository (docs/design.md §2.2, §2.3): {@code lock extend}, {@code lock
 * status}, {@code hold add|remove|list}. Holds are recorded on every backend; the storage locks only where it can.
 */
public final class Immutability {
    /** Takes the lock an operation needs and loads the index. */
    @FunctionalInterface
    interface Prepare {
        @Nullable
        RepositoryLock lock(boolean exclusive) throws IOException;
    }

    private final Repository repo;
    private final Clock clock;
    private final Prepare prepare;
    private final IndexLoader loadIndex;

    /** Loads the index once. */
    @FunctionalInterface
    interface IndexLoader {
        void run() throws IOException;
    }

    Immutability(Repository repo, Clock clock, Prepare prepare, IndexLoader loadIndex) {
        this.repo = repo;
        this.clock = clock;
        this.prepare = prepare;
        this.loadIndex = loadIndex;
    }

    /** The storage's locking, if it has any. */
    public Optional<ObjectLocking> locking() {
        return repo.backend().feature(ObjectLocking.class);
    }

    /** Whether the repository was created with Object Lock and the storage can lock. */
    public boolean lockConfigured() {
        return repo.retentionRule() != null && locking().isPresent();
    }

    private ObjectLocking requireLocking() throws IOException {
        return locking()
                .orElseThrow(() -> new PermanentStorageException(repo.backend().location()
                        + " cannot lock files: Object Lock needs S3 storage with Object Lock"));
    }

    private RetentionRule requireRule() throws IOException {
        RetentionRule rule = repo.retentionRule();
        if (rule == null) {
            throw new PermanentStorageException("this repository was not created with Object Lock"
                    + " (init --object-lock compliance|governance --lock-days N)");
        }
        return rule;
    }

    /**
     * What {@code lock extend} will do.
     *
     * @param mode the repository's lock mode
     * @param days its period
     * @param needed how many files the live snapshots need
     * @param target the retain-until date the files to extend get
     * @param toExtend how many needed files have a lock that ends within the period, or none
     * @param missing needed files that do not exist (paths)
     */
    public record ExtendPlan(
            String mode,
            int days,
            int needed,
            Instant target,
            int toExtend,
            List<String> missing,
            LockExtender.Plan plan) {}

    /** Plans {@code lock extend}: which locks of files live snapshots need end within the period. */
    public ExtendPlan planExtend(MaintenanceProgress progress) throws IOException {
        RetentionRule rule = requireRule();
        ObjectLocking locking = requireLocking();
        try (RepositoryLock l = prepare.lock(false)) {
            loadIndex.run();
            LockExtender.Plan p = LockExtender.plan(repo, locking, rule, clock.instant(), progress);
            return new ExtendPlan(
                    rule.mode().configName(),
                    rule.days(),
                    p.needed(),
                    p.target(),
                    p.toExtend().size(),
                    p.missing().stream().map(Handle::path).toList(),
                    p);
        }
    }

    /** Carries out a plan from {@link #planExtend}; returns how many locks were extended. */
    public int extend(ExtendPlan plan, MaintenanceProgress progress) throws IOException {
        ObjectLocking locking = requireLocking();
        try (RepositoryLock l = prepare.lock(false)) {
            return LockExtender.execute(repo, locking, plan.plan(), progress);
        }
    }

    /**
     * One lock, for {@link StatusReport#soonest}.
     *
     * @param path the file
     * @param mode its retention mode, lower case
     * @param until the end of its retention
     * @param legalHold whether a legal hold is on
     */
    public record FileLock(String path, String mode, Instant until, boolean legalHold) {}

    /**
     * {@code lock status}.
     *
     * @param mode the repository's lock mode, or {@code null} when it was created without Object Lock
     * @param days its period, or 0
     * @param generationDays the length of a retention generation, or 0
     * @param files every file but lock files
     * @param needed how many files live snapshots need
     * @param neededLocked how many of those are locked now
     * @param belowPeriod needed files whose lock ends within the period
     * @param unlocked files that should be locked and are not
     * @param soonest the locks of needed files that end first
     * @param held files under a legal hold
     */
    public record StatusReport(
            @Nullable String mode,
            int days,
            int generationDays,
            int files,
            int needed,
            int neededLocked,
            int belowPeriod,
            List<String> unlocked,
            List<FileLock> soonest,
            int held) {}

    /** {@code lock status}: coverage and the locks that end soonest ({@code limit} of them). */
    public StatusReport status(int limit, MaintenanceProgress progress) throws IOException {
        ObjectLocking locking = requireLocking();
        LockStatus.Report r;
        try (RepositoryLock l = prepare.lock(false)) {
            loadIndex.run();
            r = LockStatus.read(repo, locking, clock.instant(), limit, progress);
        }
        RetentionRule rule = r.rule();
        List<FileLock> soonest = new ArrayList<>();
        for (LockStatus.FileLock f : r.soonest()) {
            Instant until = f.lock().retainUntil();
            var mode = f.lock().mode();
            if (until != null) {
                soonest.add(new FileLock(
                        f.file().path(),
                        mode == null ? "" : mode.configName(),
                        until,
                        f.lock().legalHold()));
            }
        }
        return new StatusReport(
                rule == null ? null : rule.mode().configName(),
                rule == null ? 0 : rule.days(),
                rule == null ? 0 : rule.generationDays(),
                r.files(),
                r.needed(),
                r.neededLocked(),
                r.belowPeriod(),
                r.unlocked().stream().map(Handle::path).toList(),
                soonest,
                r.held());
    }

    /**
     * Validates an {@code init --object-lock MODE --lock-days N} setting and returns the length of its retention
     * generation in days.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static int generationDays(String mode, int days) {
        return new RetentionRule(io.holdfast.storage.LockMode.parse(mode), days).generationDays();
    }

    /** The holds in force, by snapshot. */
    public Map<Id, Holds.Event> holds() throws IOException {
        return Holds.current(repo);
    }

    /** The whole hold log, oldest first. */
    public List<Holds.Event> holdLog() throws IOException {
        return Holds.events(repo);
    }

    /**
     * Puts snapshot {@code ref} under a legal hold: records who, when and why, and on storage that can lock, puts a
     * legal hold on every file the snapshot needs. Returns the number of files held on the storage.
     */
    public int hold(Snapshots.Ref ref, String reason, String user, MaintenanceProgress progress) throws IOException {
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a hold needs a reason (--reason TEXT)");
        }
        try (RepositoryLock l = prepare.lock(false)) {
            loadIndex.run();
            Holds.record(
                    repo, new Holds.Event(ref.id(), Holds.Action.ADD, reason, user, Hosts.hostname(), clock.instant()));
            Optional<ObjectLocking> locking = locking();
            if (locking.isEmpty()) {
                return 0;
            }
            Set<Handle> files = NeededFiles.of(repo, List.of(ref), progress);
            progress.phase("putting a legal hold on " + files.size() + " files");
            return legalHold(locking.get(), files, true);
        }
    }

    /**
     * Lifts the hold on snapshot {@code ref}: records it, and on storage that can lock, lifts the legal hold of the
     * files no other held snapshot needs. Returns the number of files released on the storage.
     */
    public int release(Snapshots.Ref ref, String reason, String user, MaintenanceProgress progress) throws IOException {
        try (RepositoryLock l = prepare.lock(true)) {
            loadIndex.run();
            Map<Id, Holds.Event> held = Holds.current(repo);
            if (!held.containsKey(ref.id())) {
                throw new IllegalArgumentException(
                        "snapshot " + ref.id().hex().substring(0, 8) + " is not under a legal hold");
            }
            Holds.record(
                    repo,
                    new Holds.Event(ref.id(), Holds.Action.REMOVE, reason, user, Hosts.hostname(), clock.instant()));
            Optional<ObjectLocking> locking = locking();
            if (locking.isEmpty()) {
                return 0;
            }
            List<Snapshots.Ref> others = new ArrayList<>();
            for (Snapshots.Ref r : Snapshots.all(repo)) {
                if (!r.id().equals(ref.id()) && held.containsKey(r.id())) {
                    others.add(r);
                }
            }
            Set<Handle> release = new HashSet<>(NeededFiles.of(repo, List.of(ref), progress));
            if (!others.isEmpty()) {
                release.removeAll(NeededFiles.of(repo, others, progress));
            }
            progress.phase("lifting the legal hold of " + release.size() + " files");
            return legalHold(locking.get(), release, false);
        }
    }

    /** Puts the legal hold on {@code files}, or lifts it, {@code connections} at a time; returns how many. */
    private int legalHold(ObjectLocking locking, Set<Handle> files, boolean on) throws IOException {
        return LockStates.forEach(files, repo.backend().properties().connections(), h -> {
            locking.legalHold(h, on);
            return true;
        });
    }
}
