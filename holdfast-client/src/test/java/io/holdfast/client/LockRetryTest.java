package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.repository.LockFailedException;
import io.holdfast.repository.Repository;
import io.holdfast.repository.RepositoryLock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockRetryTest {
    static final Clock CLOCK = Clock.systemDefaultZone();

    @TempDir
    Path tmp;

    Holdfast holdfast;
    Repository repo;

    @BeforeEach
    void repository() throws Exception {
        holdfast = Holdfast.init(tmp.toString(), History.PASSWORD, InitOptions.DEFAULTS, History.OPTIONS);
        repo = holdfast.repository();
    }

    @AfterEach
    void close() throws Exception {
        holdfast.close();
    }

    @Test
    void withoutAWaitAConflictFailsAtOnce() throws Exception {
        try (RepositoryLock held = RepositoryLock.acquire(repo, true, CLOCK)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> LockRetry.acquire(repo, false, CLOCK, Duration.ZERO))
                    .isInstanceOf(LockFailedException.class)
                    .hasMessageNotContaining("gave up");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(LockRetry.FIRST_PAUSE);
        }
    }

    @Test
    void waitsForTheLockToBeReleased() throws Exception {
        RepositoryLock held = RepositoryLock.acquire(repo, true, CLOCK);
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(1200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.close();
        });
        long t0 = System.nanoTime();
        try (RepositoryLock mine = LockRetry.acquire(repo, true, CLOCK, Duration.ofSeconds(30))) {
            assertThat(mine.exclusive()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(1200));
        }
        release.join();
    }

    @Test
    void givesUpAfterTheWait() throws Exception {
        try (RepositoryLock held = RepositoryLock.acquire(repo, false, CLOCK)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> LockRetry.acquire(repo, true, CLOCK, Duration.ofMillis(1500)))
                    .isInstanceOf(LockFailedException.class)
                    .hasMessageContaining("already locked by PID")
                    .hasMessageEndingWith("(gave up after waiting 1.5s)");
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
        }
    }

    @Test
    void theFacadeUsesTheWait() throws Exception {
        try (Holdfast h = Holdfast.open(tmp.toString(), History.PASSWORD, History.OPTIONS, false)
                        .retryLock(Duration.ofMillis(700));
                Holdfast other = Holdfast.open(tmp.toString(), History.PASSWORD, History.OPTIONS, false);
                RepositoryLock held = RepositoryLock.acquire(other.repository(), true, CLOCK)) {
            assertThatThrownBy(() ->
                            h.check(io.holdfast.engine.CheckOptions.STRUCTURE, io.holdfast.engine.BackupProgress.NONE))
                    .isInstanceOf(LockFailedException.class)
                    .hasMessageContaining("gave up after waiting 0.7s");
        }
    }
}
