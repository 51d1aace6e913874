package io.holdfast.engine;

import io.holdfast.engine.fs.FsPath;
import io.holdfast.engine.fs.LocalFs;
import io.holdfast.format.model.codec.CodecManifest;
import io.holdfast.repository.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The walk's files, restored a batch at a time while it goes on, so that a restore holds the plan of at most
 * {@value #FILES} files rather than of the whole snapshot: planning all 208,830 files of the benchmark's small files
 * first held ~120 MB of jobs, nodes and pack plans (design.md §22); batches of 8,192 were 1-2 s slower on them (a
 * tail of idle pack threads per batch), batches of 32,768 within the noise. A pack whose blobs two batches need is read
 * by both, each for its own blobs.
 */
final class RestoreBatch {
    /** Files whose content is written together: planned as the walk finds them, restored every {@value #FILES}. */
    static final int FILES = 32_768;

    /** Nor more blobs than this in one batch (a batch ends after the file that reaches it). */
    static final int BLOBS = 1 << 16;

    private final LocalFs fs;
    private final Repository repo;
    private final BackupProgress progress;
    private final RestoredFileHook hook;
    private final int batchFiles;
    private final int batchBlobs;
    private final RestoreOptions opts;
    private final FileWriter writer;
    private final List<RestoreJob> jobs = new ArrayList<>();
    private final PackRestorer packs;
    private final PackRestorer.Completion done;
    private final List<String> errors;
    /** Files and bytes restored, files verified: the restore's counts. */
    final AtomicLong files = new AtomicLong();

    final AtomicLong bytes = new AtomicLong();
    final AtomicLong verified = new AtomicLong();
    private int blobs;
    private boolean ran;

    RestoreBatch(
            LocalFs fs,
            Repository repo,
            BackupProgress progress,
            RestoredFileHook hook,
            RestoreOptions opts,
            List<String> errors,
            int batchFiles,
            int batchBlobs) {
        this.fs = fs;
        this.repo = repo;
        this.progress = progress;
        this.hook = hook;
        this.batchFiles = batchFiles;
        this.batchBlobs = batchBlobs;
        this.opts = opts;
        this.errors = errors;
        this.writer = new FileWriter(fs, repo);
        this.done = this::completed;
        this.packs = new PackRestorer(fs, repo, progress, errors, opts.sparse(), hook.headLength());
    }

    void add(RestoreJob job) {
        jobs.add(job);
        List<io.holdfast.format.Id> content = job.node().content();
        blobs += content == null ? 0 : content.size();
        if (jobs.size() >= batchFiles || blobs >= batchBlobs) {
            try {
                run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void run() throws IOException {
        if (jobs.isEmpty() && ran) {
            return;
        }
        ran = true;
        long total = 0;
        for (RestoreJob j : jobs) {
            total += j.node().size();
        }
        // a batch's totals before its first byte: all of them for a snapshot of up to FILES files, else they
        // grow batch by batch
        progress.scanned(jobs.size(), total);
        List<RestoreJob> decoded = new ArrayList<>();
        for (RestoreJob j : jobs) {
            try {
                if (CodecManifest.of(j.node()) != null) {
                    decoded.add(j);
                } else {
                    packs.add(j);
                }
            } catch (IOException e) {
                errors.add(BackupProgress.describe(j.path().toString(), e));
            }
        }
        packs.run(packTasks(repo), done);
        for (RestoreJob j : decoded) {
            try {
                long n = writer.write(j.writePath(), j.node());
                progress.bytesDone(n);
                done.completed(j);
            } catch (IOException | UncheckedIOException e) {
                errors.add(BackupProgress.describe(j.path().toString(), e));
            }
        }
        for (RestoreJob j : jobs) {
            if (j.temp() != null && !j.completed()) {
                Restorer.removeQuietly(fs, j.writePath()); // the existing file stays as it was
            }
        }
        jobs.clear();
        blobs = 0;
    }

    private void completed(RestoreJob job) {
        FsPath path = job.path();
        try {
            if (job.temp() != null) {
                fs.rename(job.writePath(), path);
            }
            bytes.addAndGet(job.node().size());
            files.incrementAndGet();
            job.markCompleted();
            progress.fileDone(path.toString(), BackupProgress.FileStatus.NEW);
            boolean rewritten = hook.headLength() > 0 && hook.restored(fs, path, job.head());
            Metadata.apply(fs, path, job.node(), errors);
            if (opts.verify() && !rewritten) {
                writer.verify(path, job.node());
                verified.incrementAndGet();
            }
        } catch (IOException | UncheckedIOException e) {
            errors.add(BackupProgress.describe(path.toString(), e));
        }
    }

    /**
     * Packs restored at once: one per worker from local storage (as restic's two local connections; a task holds a
     * range of up to 1 MiB or one blob, and its decoding buffers: four on two cores held 181-189 MB restoring the
     * models, two 142-150 MB, no slower, design.md §7), more for remote storage, where a task mostly waits.
     */
    static int packTasks(Repository repo) {
        int workers = repo.options().workers();
        return repo.backend().properties().local()
                ? workers
                : Math.max(workers, repo.options().connections());
    }
}
