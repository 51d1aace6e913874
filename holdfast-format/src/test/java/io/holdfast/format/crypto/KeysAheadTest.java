package io.holdfast.format.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Keys derived ahead of need on another thread: taken once by the next open with the same inputs, and only by it. */
class KeysAheadTest {
    private static final KeyFile.KdfParams SMALL = new KeyFile.KdfParams(1 << 10, 8, 1);

    private static KeyFile keyFile(MasterKey master, String password) {
        return KeyFile.create(master, password, "user", "host", SMALL);
    }

    @Test
    void anOpenTakesTheKeyDerivedAheadOnAnotherThreadOnce() throws Exception {
        MasterKey master = MasterKey.random();
        KeyFile file = keyFile(master, "right password");
        boolean[] opens = new boolean[1];
        Thread ahead = Thread.ofPlatform().start(() -> opens[0] = file.deriveAhead("right password"));
        ahead.join();

        assertThat(opens[0]).isTrue();
        assertThat(KeysAhead.take("right password", file.salt(), SMALL.n(), SMALL.r(), SMALL.p()))
                .as("kept for the inputs it was derived for")
                .isNotNull();
        assertThat(KeysAhead.take("right password", file.salt(), SMALL.n(), SMALL.r(), SMALL.p()))
                .as("taken once")
                .isNull();

        file.deriveAhead("right password");
        MasterKey opened = file.open("right password", "keys/test");
        assertThat(opened.encryptKeyBytes()).isEqualTo(master.encryptKeyBytes());
        assertThat(opened.macKBytes()).isEqualTo(master.macKBytes());
        assertThat(KeysAhead.take("right password", file.salt(), SMALL.n(), SMALL.r(), SMALL.p()))
                .as("the open took it")
                .isNull();
    }

    @Test
    void aKeyDerivedForAnotherPasswordOrSaltIsNotTaken() throws Exception {
        KeyFile file = keyFile(MasterKey.random(), "right password");
        KeyFile other = keyFile(MasterKey.random(), "right password");

        assertThat(file.deriveAhead("wrong password")).isFalse();
        assertThatThrownBy(() -> file.open("wrong password", "keys/test")).isInstanceOf(WrongPasswordException.class);
        assertThat(other.deriveAhead("right password")).isTrue();

        assertThat(KeysAhead.take("right password", file.salt(), SMALL.n(), SMALL.r(), SMALL.p()))
                .isNull();
        assertThat(KeysAhead.take("right password", other.salt(), SMALL.n(), SMALL.r() + 1, SMALL.p()))
                .isNull();
        assertThat(KeysAhead.take("right password", other.salt(), SMALL.n(), SMALL.r(), SMALL.p()))
                .isNotNull();
    }

    @Test
    void anOpenWhileTheKeyFilesAreStillBeingReadWaitsForTheirKeysInsteadOfDerivingItsOwn() throws Exception {
        MasterKey master = MasterKey.random();
        KeyFile wrong = keyFile(MasterKey.random(), "another password");
        KeyFile file = keyFile(master, "right password");
        KeyFile after = keyFile(MasterKey.random(), "right password");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        KeyFile.Ahead ahead = KeyFile.announceAhead();
        boolean[] opened = new boolean[1];
        Thread deriving = Thread.ofPlatform().start(() -> {
            try {
                opened[0] = ahead.derive(
                        () -> {
                            reading.countDown();
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                throw new java.io.InterruptedIOException();
                            }
                            return List.of(wrong, file, after);
                        },
                        "right password");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reading.await();
        @Nullable MasterKey[] taken = new MasterKey[1];
        Thread open = Thread.ofPlatform()
                .start(() -> taken[0] = KeysAhead.take("right password", file.salt(), SMALL.n(), SMALL.r(), SMALL.p()));
        while (open.getState() != Thread.State.TIMED_WAITING && open.isAlive()) {
            Thread.onSpinWait();
        }
        assertThat(open.isAlive()).as("waits while the key files are read").isTrue();
        release.countDown();
        open.join();
        deriving.join();

        assertThat(opened[0]).isTrue();
        assertThat(taken[0]).as("the key derived on the other thread").isNotNull();
        assertThat(Objects.requireNonNull(taken[0]).encryptKeyBytes())
                .isEqualTo(MasterKey.fromKdfOutput(Scrypt.derive(
                                "right password".getBytes(StandardCharsets.UTF_8),
                                file.salt(),
                                SMALL.n(),
                                SMALL.r(),
                                SMALL.p(),
                                64))
                        .encryptKeyBytes());
        assertThat(KeysAhead.take("right password", after.salt(), SMALL.n(), SMALL.r(), SMALL.p()))
                .as("the files after the one that opened are not derived")
                .isNull();
    }

    @Test
    void aDerivationThatFailsLeavesNoOpenWaitingForTheKeysAfterIt() {
        KeyFile good = keyFile(MasterKey.random(), "pw");
        KeyFile bad = new KeyFile("", "user", "host", 3, 8, 1, new byte[64], good.data()); // N is not a power of two
        KeyFile.Ahead ahead = KeyFile.announceAhead();

        assertThatThrownBy(() -> ahead.derive(() -> List.of(bad, good), "pw"))
                .isInstanceOf(IllegalArgumentException.class);
        assertTimeoutPreemptively( // a deadlock detector, not a timing: the take would otherwise wait forever
                java.time.Duration.ofSeconds(30),
                () -> assertThat(KeysAhead.take("pw", good.salt(), SMALL.n(), SMALL.r(), SMALL.p()))
                        .as("not derived: the open derives it itself")
                        .isNull());
    }

    @Test
    void aCancelledAnnouncementKeepsNoOpenWaiting() {
        KeyFile file = keyFile(MasterKey.random(), "p");
        KeyFile.announceAhead().cancel();
        assertThat(KeysAhead.take("p", file.salt(), SMALL.n(), SMALL.r(), SMALL.p()))
                .isNull();
    }

    @Test
    void keepsAtMostAFewKeys() {
        KeyFile file = keyFile(MasterKey.random(), "p");
        for (int i = 0; i < KeysAhead.KEPT + 3; i++) {
            file.deriveAhead("password " + i);
        }
        assertThat(KeysAhead.kept()).isLessThanOrEqualTo(KeysAhead.KEPT);
        assertThat(KeysAhead.take("password 0", file.salt(), SMALL.n(), SMALL.r(), SMALL.p()))
                .as("the oldest was dropped")
                .isNull();
        assertThat(KeysAhead.take("password " + (KeysAhead.KEPT + 2), file.salt(), SMALL.n(), SMALL.r(), SMALL.p()))
                .isNotNull();
    }
}
