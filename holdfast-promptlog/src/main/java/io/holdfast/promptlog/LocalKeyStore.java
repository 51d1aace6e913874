package io.holdfast.promptlog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link SubjectKeyStore}: one encrypted file outside the repository ({@link KeyStoreFiles}), with the
 * subject index inside it and the erasure ledger ({@code PATH.ledger}) and audit log ({@code PATH.audit}) beside it.
 * Every change is a read-modify-write under a file lock ({@code PATH.lock}) that re-reads the file and re-applies the
 * ledger, so a backup running while a subject is erased cannot bring the subject's key back.
 */
public final class LocalKeyStore implements SubjectKeyStore {
    private final Path path;
    private final KeyStoreFiles.Kdf kdf;
    private final Clock clock;
    private final ErasureLedger ledger;
    private final Audit audit;
    private KeyStoreState state;
    private final List<Map.Entry<String, SubjectKey>> pendingKeys = new ArrayList<>();
    private final List<SubjectIndexEntry> pendingIndex = new ArrayList<>();
    private final List<ErasureCertificate> reapplied = new ArrayList<>();

    private LocalKeyStore(Path path, KeyStoreFiles.Kdf kdf, KeyStoreState state, Clock clock) {
        this.path = path;
        this.kdf = kdf;
        this.state = state;
        this.clock = clock;
        this.ledger = new ErasureLedger(sibling(path, ".ledger"));
        this.audit = new Audit(sibling(path, ".audit"), clock);
    }

    /**
     * Opens the key store at {@code path}, creating it if {@code create} and it does not exist, and re-applies every
     * certificate of the ledger whose subject still has keys (an older key store was restored); those are listed by
     * {@link #reapplied()}.
     */
    public static LocalKeyStore open(Path path, char[] password, boolean create, Clock clock) throws IOException {
        LocalKeyStore ks;
        if (Files.exists(path)) {
            byte[] file = Files.readAllBytes(path);
            KeyStoreFiles.Kdf kdf = KeyStoreFiles.kdf(file, password);
            ks = new LocalKeyStore(path, kdf, KeyStoreState.parse(KeyStoreFiles.decrypt(file, kdf)), clock);
        } else if (create) {
            Files.createDirectories(
                    java.util.Objects.requireNonNull(path.toAbsolutePath().getParent()));
            KeyStoreState s =
                    new KeyStoreState(HexFormat.of().formatHex(KeyStoreFiles.random(16)), KeyStoreFiles.random(32));
            ks = new LocalKeyStore(path, KeyStoreFiles.Kdf.fresh(password), s, clock);
            ks.audit.append("create", "", "", "");
            ks.update(s2 -> {});
        } else {
            throw new java.nio.file.NoSuchFileException(
                    path.toString(), null, "no key store (run a prompt-log backup)");
        }
        ks.reapplyLedger();
        return ks;
    }

    private static Path sibling(Path p, String suffix) {
        return p.resolveSibling(p.getFileName() + suffix);
    }

    public Path path() {
        return path;
    }

    public ErasureLedger ledger() {
        return ledger;
    }

    /** Certificates the last {@link #open} had to apply again. */
    public List<ErasureCertificate> reapplied() {
        return List.copyOf(reapplied);
    }

    @Override
    public String subjectHash(String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(state.secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized SubjectKey keyFor(String subjectHash) {
        List<SubjectKey> ks = state.keys.get(subjectHash);
        if (ks != null && !ks.isEmpty()) {
            return ks.get(0);
        }
        SubjectKey k = new SubjectKey(KeyStoreFiles.random(SubjectKey.ID_BYTES), KeyStoreFiles.random(32));
        state.addKey(subjectHash, k);
        pendingKeys.add(Map.entry(subjectHash, k));
        return k;
    }

    @Override
    public synchronized @Nullable SubjectKey keyById(byte[] keyId) {
        return state.byId.get(HexFormat.of().formatHex(keyId));
    }

    @Override
    public synchronized boolean erased(String subjectHash) {
        return state.erased.contains(subjectHash);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!pendingKeys.isEmpty() || !pendingIndex.isEmpty()) {
            update(s -> {});
        }
    }

    /** Adds the subject index lines of a backup: which subjects, with how many records, a snapshot's file holds. */
    public synchronized void recordBackup(String snapshot, String filePath, Map<String, SubjectStats> subjects)
            throws IOException {
        subjects.forEach((h, st) ->
                pendingIndex.add(new SubjectIndexEntry(h, snapshot, filePath, st.records(), st.first(), st.last())));
        update(s -> {});
    }

    /**
     * Stores {@code c} as the checkpoint of the log named {@code id} (64 hex digits, chosen by the caller), replacing
     * the one before: encrypted under the key store's password, each subject history also under its subject's key (so
     * the old file needs no shredding: an erased subject's history in it cannot be read). Not synced: a checkpoint lost
     * in a crash costs the next backup time, not data.
     */
    public synchronized void saveCheckpoint(String id, EnvelopeCheckpoint c) throws IOException {
        KeyStoreFiles.replaceCache(checkpointFile(id), out -> c.writeTo(out, this, outer()));
    }

    /**
     * The checkpoint of the log named {@code id}, or null if there is none; fails if it cannot be read (damaged, or a
     * subject's key is gone).
     */
    public synchronized @Nullable EnvelopeCheckpoint loadCheckpoint(String id) throws IOException {
        Path p = checkpointFile(id);
        if (!Files.exists(p)) {
            return null;
        }
        return EnvelopeCheckpoint.readFrom(Files.readAllBytes(p), this, outer());
    }

    private EnvelopeCheckpoint.Outer outer() {
        return new EnvelopeCheckpoint.Outer() {
            @Override
            public byte[] seal(byte[] plain) throws IOException {
                return KeyStoreFiles.encrypt(plain, kdf);
            }

            @Override
            public byte[] open(byte[] sealed) throws IOException {
                return KeyStoreFiles.decrypt(sealed, kdf);
            }
        };
    }

    /** Deletes every checkpoint (after an erasure: the next backup of each log envelopes it whole). */
    private void deleteCheckpoints() throws IOException {
        Path dir = sibling(path, ".checkpoints");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                KeyStoreFiles.shredAndDelete(p);
            }
        }
    }

    private Path checkpointFile(String id) {
        if (!id.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a checkpoint id is 64 hex digits");
        }
        return sibling(path, ".checkpoints").resolve(id);
    }

    /** The index lines of a subject (by its id in clear), oldest first. */
    public synchronized List<SubjectIndexEntry> find(String subject) {
        String h = subjectHash(subject);
        return state.index.stream().filter(e -> e.subjectHash().equals(h)).toList();
    }

    /** Counts of distinct subjects with keys and of index lines. */
    public synchronized int subjects() {
        return state.keys.size();
    }

    /**
     * Erases a subject: appends a certificate to the ledger, destroys the subject's keys and index lines in the key
     * store (overwriting the old file), and writes an audit entry. Later backups leave the subject's records out.
     *
     * @param present snapshot ids that exist now, to name in the certificate, or null to name every indexed one
     */
    public synchronized ErasureCertificate erase(
            String subject, String reason, String operator, @Nullable Set<String> present) throws IOException {
        String h = subjectHash(subject);
        ErasureCertificate[] cert = new ErasureCertificate[1];
        update(s -> {
            Set<String> snaps = new TreeSet<>();
            s.index.stream()
                    .filter(e -> e.subjectHash().equals(h))
                    .filter(e -> present == null || present.contains(e.snapshot()))
                    .forEach(e -> snaps.add(e.snapshot()));
            List<String> ids = s.keys.getOrDefault(h, List.of()).stream()
                    .map(SubjectKey::idHex)
                    .toList();
            List<ErasureCertificate> chain = ledger.read();
            ErasureCertificate c = ErasureCertificate.create(
                    chain.size() + 1L,
                    h,
                    clock.instant().toString(),
                    reason,
                    operator,
                    hostname(),
                    s.id,
                    ids,
                    List.copyOf(snaps),
                    chain.isEmpty()
                            ? ErasureCertificate.GENESIS
                            : chain.get(chain.size() - 1).hash());
            ledger.append(c);
            s.destroy(h);
            cert[0] = c;
        });
        audit.append("erase", operator, h, cert[0].hash());
        deleteCheckpoints();
        return cert[0];
    }

    private void reapplyLedger() throws IOException {
        List<ErasureCertificate> todo = new ArrayList<>();
        for (ErasureCertificate c : ledger.read()) {
            if (!state.erased.contains(c.subjectHash()) || state.keys.containsKey(c.subjectHash())) {
                todo.add(c);
            }
        }
        if (!todo.isEmpty()) {
            update(s -> {});
            reapplied.addAll(todo);
            for (ErasureCertificate c : todo) {
                audit.append("reapply", "", c.subjectHash(), c.hash());
            }
        }
    }

    /** A change of the state made under the lock, after re-reading the file. */
    private interface Change {
        void apply(KeyStoreState s) throws IOException;
    }

    /** Locks, re-reads the file, merges pending additions, applies the change and the ledger, writes. */
    private void update(Change change) throws IOException {
        try (FileChannel lockFile =
                        FileChannel.open(sibling(path, ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock l = lockFile.lock()) {
            KeyStoreState s = Files.exists(path)
                    ? KeyStoreState.parse(KeyStoreFiles.decrypt(Files.readAllBytes(path), kdf))
                    : state;
            if (s != state) {
                for (Map.Entry<String, SubjectKey> e : pendingKeys) {
                    s.addKey(e.getKey(), e.getValue());
                }
                s.index.addAll(pendingIndex);
            }
            change.apply(s);
            for (ErasureCertificate c : ledger.read()) {
                s.destroy(c.subjectHash());
            }
            KeyStoreFiles.replace(path, KeyStoreFiles.encrypt(s.toJson(), kdf));
            state = s;
            pendingKeys.clear();
            pendingIndex.clear();
        }
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
