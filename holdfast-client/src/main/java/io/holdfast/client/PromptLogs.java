package io.holdfast.client;

import io.holdfast.engine.Archiver;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.BackupResult;
import io.holdfast.engine.RestoredFileHook;
import io.holdfast.engine.SourceContext;
import io.holdfast.engine.StdinSource;
import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.Id;
import io.holdfast.format.chunker.ChunkerSpec;
import io.holdfast.promptlog.EncodeResult;
import io.holdfast.promptlog.EnvelopeCheckpoint;
import io.holdfast.promptlog.EnvelopeReader;
import io.holdfast.promptlog.EnvelopeWriter;
import io.holdfast.promptlog.LocalKeyStore;
import io.holdfast.promptlog.PromptLogOptions;
import io.holdfast.promptlog.SubjectKeyStore;
import io.holdfast.repository.Repository;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The prompt-log source (docs/design.md §17): backs up a JSONL log as an envelope file, and turns envelope files back
 * into logs on restore.
 */
public final class PromptLogs {
    /** The tag every prompt-log snapshot carries, for {@code forget --tag promptlog}. */
    public static final String TAG = "promptlog";

    private PromptLogs() {}

    /**
     * Envelopes {@code log} on a separate thread and streams the envelope into a snapshot holding one file, {@code
     * opts.stdinFilename()}, tagged {@link #TAG}. New subject keys are flushed to the key store before the snapshot is
     * written; the subject index lines after it. A bad line under the fail policy, or any error of the writer, fails the
     * backup before a snapshot exists.
     *
     * <p>When the log is a file ({@code file}, which {@code log} reads from its start) and {@code resume} is set, the
     * envelope is continued from the checkpoint of the last backup of that file where that is safe ({@link
     * PromptLogResume}), so only the appended lines are read and sealed; the snapshot's file is the same either way.
     * The new checkpoint is saved after the snapshot. {@code prefix}, if not null, is the digest of {@code file}
     * the caller started earlier (so it runs while the key store opens); it is closed once the plan is made.
     */
    static PromptLogResult backup(
            Repository repo,
            Clock clock,
            BackupOptions opts,
            PromptLogOptions pl,
            LocalKeyStore keys,
            InputStream log,
            @Nullable Path file,
            boolean resume,
            @Nullable LogPrefixDigest prefix,
            BackupProgress progress)
            throws IOException {
        String name = Objects.requireNonNull(opts.stdinFilename(), "prompt-log backups need a file name");
        List<String> tags = new ArrayList<>(opts.tags());
        if (!tags.contains(TAG)) {
            tags.add(TAG);
        }
        BackupOptions withTag = new BackupOptions(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                tags,
                opts.host(),
                null,
                false,
                name,
                List.of(),
                opts.readConcurrency(),
                opts.models(),
                null);
        PromptLogResume.Outcome outcome;
        if (file == null) {
            outcome = new PromptLogResume.Outcome(null, "the log is read from a stream");
        } else if (!resume) {
            outcome = new PromptLogResume.Outcome(null, "not asked to");
        } else if (!java.nio.file.Files.isRegularFile(file)) {
            // a pipe's bytes cannot be read twice (once to hash, once to envelope)
            outcome = new PromptLogResume.Outcome(null, "the log is not a regular file");
        } else {
            try (LogPrefixDigest digest = prefix != null ? prefix : LogPrefixDigest.start(file)) {
                outcome = PromptLogResume.plan(repo, keys, pl, file, name, digest);
            }
        }
        PromptLogResume.Plan plan = outcome.plan();
        PipedInputStream pipeIn = new PipedInputStream(1 << 20);
        PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
        AtomicReference<@Nullable EncodeResult> encoded = new AtomicReference<>();
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        EnvelopeWriter writer = new EnvelopeWriter(pl, keys, name);
        Thread producer = Thread.ofPlatform().name("holdfast-promptlog").start(() -> {
            try (OutputStream out = pipeOut) {
                if (plan == null) {
                    encoded.set(writer.write(log, out));
                } else {
                    try (InputStream rest = Channels.newInputStream(FileChannel.open(Objects.requireNonNull(file))
                            .position(plan.checkpoint().logBytes()))) {
                        encoded.set(writer.resume(plan.checkpoint(), plan.digest(), rest, out));
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure.set(e);
            }
        });
        BackupResult r;
        ChunkerSpec chunker = envelopeChunker(repo.chunkerSpec());
        StdinSource source;
        try (InputStream in = new ProducerChecked(pipeIn, producer, failure)) {
            source = plan == null
                    ? StdinSource.stream(name, in, chunker)
                    : StdinSource.continued(
                            name,
                            plan.prefix(),
                            new SequenceInputStream(new ByteArrayInputStream(plan.tail()), in),
                            chunker);
            r = new Archiver(repo, clock, progress).backup(withTag, source);
        } finally {
            producer.interrupt();
            join(producer);
        }
        EncodeResult e = Objects.requireNonNull(encoded.get(), "envelope writer finished without a result");
        keys.recordBackup(r.snapshotId().hex(), "/" + name, e.subjects());
        String note = plan == null ? outcome.reason() : "";
        EnvelopeCheckpoint next = writer.checkpoint();
        SourceContext.Content content = source.content();
        if (file != null && next != null && content != null) {
            String id = PromptLogResume.id(repo, file, name);
            try {
                keys.saveCheckpoint(
                        id,
                        next.withSource(
                                id, content.blobs().stream().map(Id::hex).toList()));
            } catch (IOException | RuntimeException ex) {
                note = (note.isEmpty() ? "" : note + "; ") + "the checkpoint for the next backup was not saved ("
                        + ex.getMessage() + ")";
            }
        }
        return new PromptLogResult(r, e, plan == null ? 0 : plan.checkpoint().logBytes(), note);
    }

    /**
     * The repository's chunker with an eighth of its sizes (64 KiB, 128 KiB, 1 MiB for restic's): each backup of a
     * growing log stores again the chunk where the old end meets the new records, and the envelope's sealed bytes do
     * not compress, so a smaller last chunk saves ~1 MB a day (docs/design.md §17.3).
     */
    static ChunkerSpec envelopeChunker(ChunkerSpec repo) {
        int min = Math.max(ChunkerSpec.WINDOW_SIZE, repo.minSize() / 8);
        int avg = Math.max(Integer.highestOneBit(min), repo.avgSize() / 8);
        int max = Math.max(avg, repo.maxSize() / 8);
        return repo.kind() == ChunkerSpec.Kind.RABIN
                ? ChunkerSpec.rabin(repo.polynomial(), min, avg, max)
                : ChunkerSpec.fastCdc(repo.seed(), min, avg, max);
    }

    private static void join(Thread t) throws InterruptedIOException {
        try {
            t.join();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while enveloping the prompt log");
        }
    }

    /** Fails the read that reaches the end of the pipe if the producer failed, so no truncated envelope is saved. */
    private static final class ProducerChecked extends FilterInputStream {
        private final Thread producer;
        private final AtomicReference<@Nullable Throwable> failure;

        ProducerChecked(InputStream in, Thread producer, AtomicReference<@Nullable Throwable> failure) {
            super(in);
            this.producer = producer;
            this.failure = failure;
        }

        private int check(int n) throws IOException {
            if (n < 0) {
                join(producer);
                Throwable t = failure.get();
                if (t instanceof IOException io) {
                    throw io;
                }
                if (t != null) {
                    throw new IOException("prompt-log envelope failed: " + t, t);
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            return check(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return check(super.read(b, off, len));
        }
    }

    /**
     * A restore hook that turns envelope files back into their logs with {@code keys} (records of erased subjects are
     * left out), counting them; without a key store ({@code keys == null}) an envelope file is reported as an error and
     * left as it is.
     */
    public static Hook restoreHook(@Nullable SubjectKeyStore keys) {
        return new Hook(() -> keys);
    }

    /** Like {@link #restoreHook(SubjectKeyStore)}, opening the key store only when the first envelope is met. */
    public static Hook restoreHook(KeyStoreOpener opener) {
        return new Hook(opener);
    }

    /** Opens a key store on demand; returns null when there is none. */
    @FunctionalInterface
    public interface KeyStoreOpener {
        @Nullable
        SubjectKeyStore open() throws IOException;
    }

    /** See {@link #restoreHook}. */
    public static final class Hook implements RestoredFileHook {
        private final KeyStoreOpener opener;
        private final AtomicLong files = new AtomicLong();
        private final AtomicLong erased = new AtomicLong();
        private @Nullable SubjectKeyStore keys;
        private boolean opened;

        Hook(KeyStoreOpener opener) {
            this.opener = opener;
        }

        private synchronized @Nullable SubjectKeyStore keys() throws IOException {
            if (!opened) {
                keys = opener.open();
                opened = true;
            }
            return keys;
        }

        /** Envelope files turned back into logs. */
        public long files() {
            return files.get();
        }

        /** Records left out because their subject was erased. */
        public long erasedRecords() {
            return erased.get();
        }

        @Override
        public int headLength() {
            return EnvelopeReader.magicLength();
        }

        @Override
        public boolean restored(LocalFs fs, FsPath file, byte @Nullable [] written) throws IOException {
            byte[] head = written;
            if (head == null) {
                try (InputStream in = Channels.newInputStream(fs.openRead(file, null))) {
                    head = in.readNBytes(EnvelopeReader.magicLength());
                }
            }
            if (!EnvelopeReader.isEnvelope(head, head.length)) {
                return false;
            }
            SubjectKeyStore keys = keys();
            if (keys == null) {
                throw new IOException("is a prompt-log envelope and no key store was found (--keystore); left as is");
            }
            FsPath dir = Objects.requireNonNull(file.parent());
            byte[] rnd = new byte[8];
            new java.security.SecureRandom().nextBytes(rnd);
            FsPath tmp = dir.resolve(
                    (".holdfast-promptlog-" + java.util.HexFormat.of().formatHex(rnd) + ".tmp")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            boolean moved = false;
            try {
                io.holdfast.promptlog.DecodeResult r;
                try (InputStream in = Channels.newInputStream(fs.openRead(file, null));
                        OutputStream out = Channels.newOutputStream(fs.create(tmp))) {
                    r = new EnvelopeReader(keys, file.toString()).read(in, out);
                }
                fs.rename(tmp, file);
                moved = true;
                files.incrementAndGet();
                erased.addAndGet(r.erased());
                return true;
            } finally {
                if (!moved && fs.lstatIfExists(tmp) != null) {
                    fs.unlink(tmp);
                }
            }
        }
    }
}
