package io.holdfast.client;

import io.holdfast.engine.CheckResult;
import io.holdfast.engine.maintenance.MaintenanceProgress;
import io.holdfast.engine.retention.LockStatus;
import io.holdfast.repository.Repository;
import io.holdfast.storage.Handle;
import io.holdfast.storage.ObjectLocking;
import io.holdfast.storage.RetentionRule;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part of {@code check} for repositories created with Object Lock: every file but lock files must be locked; a
 * file live snapshots need whose lock ends within the period is a warning ({@code lock extend} mends it).
 */
final class LockCheck {
    /** How many unlocked files are named one by one; the rest are counted. */
    static final int NAMED = 20;

    private LockCheck() {}

    static CheckResult add(Repository repo, CheckResult result, Instant now, Immutability.IndexLoader loadIndex)
            throws IOException {
        RetentionRule rule = repo.retentionRule();
        if (rule == null) {
            return result;
        }
        List<String> errors = new ArrayList<>(result.errors());
        List<String> warnings = new ArrayList<>(result.warnings());
        Optional<ObjectLocking> locking = repo.backend().feature(ObjectLocking.class);
        if (locking.isEmpty()) {
            warnings.add("the repository asks for Object Lock (" + rule.mode().configName() + ", " + rule.days()
                    + " days), but " + repo.backend().location() + " cannot lock files: nothing here is immutable");
        } else {
            loadIndex.run();
            LockStatus.Report report = LockStatus.read(repo, locking.get(), now, 0, MaintenanceProgress.NONE);
            List<Handle> unlocked = report.unlocked();
            for (Handle h : unlocked.subList(0, Math.min(NAMED, unlocked.size()))) {
                errors.add("file " + h.path() + " should be locked and is not (run 'holdfast lock extend')");
            }
            if (unlocked.size() > NAMED) {
                errors.add((unlocked.size() - NAMED) + " more files should be locked and are not");
            }
            if (report.belowPeriod() > 0) {
                warnings.add(report.belowPeriod() + " files that snapshots need are locked for less than " + rule.days()
                        + " days from now: run 'holdfast lock extend'");
            }
        }
        return new CheckResult(
                errors,
                warnings,
                result.hints(),
                result.suggestRepairIndex(),
                result.suggestPrune(),
                result.packsRead(),
                result.blobsChecked(),
                result.snapshots());
    }
}
