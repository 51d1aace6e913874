package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.format.BlobType;
import io.holdfast.format.Id;
import io.holdfast.format.pack.PackedBlob;
import io.holdfast.repository.BlobLocation;
import io.holdfast.repository.BlobSaver;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code check --read-data}'s reading of packs through windows of a few sizes (one range per blob or smaller, a few
 * blobs, the whole pack): a sound pack verifies clean, and each kind of damage is named with only what it hits.
 */
class PackVerifierTest {
    @TempDir
    Path dir;

    private Repository repo;
    private Id pack;
    private List<PackedBlob> blobs;

    /** One pack of 60 blobs of 1 byte to 300 KB, random (incompressible) and text (compressed). */
    private void onePack() throws IOException {
        repo = TestRepositories.init(dir);
        Random random = new Random(3);
        BlobSaver saver = repo.blobSaver();
        for (int i = 0; i < 60; i++) {
            int len = i == 0 ? 1 : random.nextInt(i % 7 == 0 ? 300_000 : 5_000);
            byte[] data = new byte[len];
            if (i % 2 == 0) {
                random.nextBytes(data);
            } else {
                java.util.Arrays.fill(data, (byte) ('a' + i % 26));
            }
            saver.save(BlobType.DATA, data);
        }
        saver.flush();
        Map<Id, List<PackedBlob>> byPack = byPack();
        assertThat(byPack).hasSize(1);
        pack = byPack.keySet().iterator().next();
        blobs = byPack.get(pack);
    }

    private Map<Id, List<PackedBlob>> byPack() {
        Map<Id, List<PackedBlob>> byPack = new HashMap<>();
        repo.index()
                .forEach((BlobLocation l) -> byPack.computeIfAbsent(l.pack(), k -> new ArrayList<>())
                        .add(new PackedBlob(l.type(), l.id(), l.offset(), l.length(), l.uncompressedLength())));
        return byPack;
    }

    private Path packFile() {
        return dir.resolve("data").resolve(pack.hex().substring(0, 2)).resolve(pack.hex());
    }

    private record Outcome(int checked, List<String> errors, Set<Id> bad) {}

    private Outcome verify(int window) throws IOException {
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Set<Id> bad = java.util.concurrent.ConcurrentHashMap.newKeySet();
        PackVerifier verifier = new PackVerifier(repo, errors, bad, BackupProgress.NONE, window);
        int checked = verifier.verifyPack(pack, Files.size(packFile()), blobs);
        return new Outcome(checked, errors, bad);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4_096, 100_000, PackVerifier.LOCAL_WINDOW, Integer.MAX_VALUE - 8})
    void aSoundPackIsClean(int window) throws IOException {
        onePack();
        Outcome o = verify(window);
        assertThat(o.errors()).isEmpty();
        assertThat(o.bad()).isEmpty();
        assertThat(o.checked()).isEqualTo(60);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4_096, Integer.MAX_VALUE - 8})
    void aFlippedByteInABlobDamagesThatBlobAndThePacksHash(int window) throws IOException {
        onePack();
        PackedBlob victim = blobs.stream()
                .sorted(Comparator.comparingLong(PackedBlob::offset))
                .toList()
                .get(30);
        flip(victim.offset() + victim.length() / 2);
        Outcome o = verify(window);
        assertThat(o.bad()).containsExactly(victim.id());
        assertThat(o.errors())
                .containsExactlyInAnyOrder(
                        o.errors().stream()
                                .filter(e -> e.contains("blob " + victim.id().hex() + " is damaged"))
                                .findFirst()
                                .orElse("no error names the blob"),
                        "pack " + pack.hex()
                                + ": content does not match its name (hash mismatch): the pack is damaged");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4_096, Integer.MAX_VALUE - 8})
    void aDamagedHeaderLosesNoBlob(int window) throws IOException {
        onePack();
        flip(Files.size(packFile()) - 20); // inside the encrypted header
        Outcome o = verify(window);
        assertThat(o.bad()).isEmpty();
        assertThat(o.errors()).hasSize(2);
        assertThat(o.errors()).anyMatch(e -> e.startsWith("pack " + pack.hex() + ": header cannot be read"));
        assertThat(o.errors()).anyMatch(e -> e.contains("hash mismatch"));
    }

    @Test
    void aHeaderOtherThanTheIndexIsReported() throws IOException {
        onePack();
        List<PackedBlob> fewer = new ArrayList<>(blobs);
        PackedBlob left = fewer.removeLast();
        blobs = fewer; // the index knows one blob less than the header
        Outcome o = verify(4_096);
        assertThat(o.errors()).containsExactly("pack " + pack.hex() + ": header does not match the index");
        assertThat(o.checked()).isEqualTo(59);
        assertThat(o.bad()).doesNotContain(left.id());
    }

    @Test
    void anUnreadablePackLosesAllItsBlobs() throws IOException {
        onePack();
        long size = Files.size(packFile());
        try (var ch = java.nio.channels.FileChannel.open(packFile(), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Set<Id> bad = new HashSet<>();
        int checked = new PackVerifier(repo, errors, bad, BackupProgress.NONE, 4_096).verifyPack(pack, size, blobs);
        assertThat(checked).isZero();
        assertThat(errors).singleElement().asString().startsWith("pack " + pack.hex() + ": cannot be read: ");
        assertThat(bad).hasSize(60);
    }

    @Test
    void aBlobPastTheEndIsNamed() throws IOException {
        onePack();
        long size = Files.size(packFile());
        PackedBlob past = new PackedBlob(BlobType.DATA, Id.hash(new byte[] {9}), size - 10, 100, 0);
        List<PackedBlob> withPast = new ArrayList<>(blobs);
        withPast.add(past);
        blobs = withPast;
        Outcome o = verify(4_096);
        assertThat(o.bad()).containsExactly(past.id());
        assertThat(o.errors())
                .contains("pack " + pack.hex() + ": data blob " + past.id().hex() + " lies beyond the end")
                .contains("pack " + pack.hex() + ": header does not match the index");
    }

    private void flip(long offset) throws IOException {
        byte[] all = Files.readAllBytes(packFile());
        all[(int) offset] ^= 0x40;
        packFile().toFile().setWritable(true);
        Files.write(packFile(), all);
    }
}
