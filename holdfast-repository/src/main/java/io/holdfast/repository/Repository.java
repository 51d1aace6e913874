package io.holdfast.repository;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.format.BlobType;
import io.holdfast.format.Compression;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.FormatJson;
import io.holdfast.format.Id;
import io.holdfast.format.RepositoryConfig;
import io.holdfast.format.UnpackedFile;
import io.holdfast.format.chunker.Polynomial;
import io.holdfast.format.crypto.Crypto;
import io.holdfast.format.crypto.MasterKey;
import io.holdfast.format.crypto.WrongPasswordException;
import io.holdfast.format.index.IndexFile;
import io.holdfast.storage.Backend;
import io.holdfast.storage.FileInfo;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import io.holdfast.storage.LockMode;
import io.holdfast.storage.ObjectLocking;
import io.holdfast.storage.PermanentStorageException;
import io.holdfast.storage.RetentionRule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * An open repository: the backend, the master key, the config and the master index. Saving blobs goes through
 * {@link #blobSaver()}; everything else is loading and saving the small encrypted files. Thread-safe.
 */
public final class Repository implements AutoCloseable {
    private final Backend backend;
    private final Crypto crypto;
    private final RepositoryConfig config;
    private final Id keyId;
    private final RepositoryOptions options;
    private final MasterIndex index = new MasterIndex();
    private final ExecutorService workers;
    private final BlobLoader loader;
    private volatile @org.jspecify.annotations.Nullable BlobSaver saver;

    private Repository(Backend backend, Crypto crypto, RepositoryConfig config, Id keyId, RepositoryOptions options) {
        this.backend = backend;
        this.crypto = crypto;
        this.config = config;
        this.keyId = keyId;
        this.options = options;
        this.workers = Executors2.fixed("holdfast-repo", options.workers());
        this.loader = new BlobLoader(backend, crypto, index);
        CpuKernels.configure();
    }

    /**
     * Creates a new repository in an empty location.
     *
     * @param version the format version, 1 or 2
     */
    public static Repository init(
            Backend backend, String password, int version, RepositoryOptions options, ObjectNode extensions)
            throws IOException {
        if (backend.exists()) {
            throw new java.nio.file.FileAlreadyExistsException(
                    backend.location(), null, "a repository exists already at this location");
        }
        RetentionRule retention = retentionRule(extensions);
        if (retention != null) {
            ObjectLocking locking = backend.feature(ObjectLocking.class)
                    .orElseThrow(() -> new PermanentStorageException("Object Lock needs a location on S3 storage"
                            + " with Object Lock (s3:...); " + backend.location() + " cannot lock files"));
            locking.requireObjectLock();
            locking.retainNewObjects(retention);
        }
        backend.create();
        MasterKey master = MasterKey.random();
        Crypto crypto = new Crypto(master);
        Polynomial pol = Polynomial.randomIrreducible(new java.security.SecureRandom());
        RepositoryConfig config = new RepositoryConfig(version, Id.random().hex(), pol.hex(), extensions);
        Id keyId = Keys.add(backend, master, password, options.kdf());
        byte[] stored = UnpackedFile.encode(crypto, config.toJson(), version, false);
        backend.save(Handle.CONFIG, ByteBuffer.wrap(stored));
        return new Repository(backend, crypto, config, keyId, options);
    }

    /**
     * Opens a repository with a password.
     *
     * @throws RepositoryNotFoundException if there is no repository at the location
     * @throws WrongPasswordException if no key opens with the password
     */
    public static Repository open(Backend backend, String password, RepositoryOptions options) throws IOException {
        byte[] storedConfig;
        try {
            storedConfig = backend.load(Handle.CONFIG);
        } catch (NoSuchFileException e) {
            throw new RepositoryNotFoundException(backend.location());
        }
        Keys.Opened opened = Keys.open(backend, password);
        Crypto crypto = new Crypto(opened.master());
        RepositoryConfig config = RepositoryConfig.parse(UnpackedFile.decode(crypto, storedConfig, "config"));
        RetentionRule retention = retentionRule(config.extensions());
        if (retention != null) {
            // where the storage cannot lock (a copy of the bucket on a disk, say), files are written unlocked;
            // check and lock status say so
            backend.feature(ObjectLocking.class).ifPresent(l -> l.retainNewObjects(retention));
        }
        return new Repository(backend, crypto, config, opened.keyId(), options);
    }

    public Backend backend() {
        return backend;
    }

    public Crypto crypto() {
        return crypto;
    }

    public RepositoryConfig config() {
        return config;
    }

    public RepositoryOptions options() {
        return options;
    }

    /** The key file this repository was opened with. */
    public Id keyId() {
        return keyId;
    }

    /** The chunker polynomial from the config. */
    public Polynomial polynomial() {
        return Polynomial.parse(config.chunkerPolynomial());
    }

    /**
     * The chunker new backups use: restic's Rabin chunker with the config's polynomial, or FastCDC where the
     * repository opted in with the {@code holdfast.chunker = "fastcdc"} config extension.
     */
    public io.holdfast.format.chunker.ChunkerSpec chunkerSpec() {
        String kind = config.extensions().path("chunker").asText("rabin");
        return switch (kind) {
            case "rabin" -> io.holdfast.format.chunker.ChunkerSpec.rabin(polynomial());
            case "fastcdc" -> io.holdfast.format.chunker.ChunkerSpec.fastCdc();
            default ->
                throw new IllegalStateException("this repository uses chunker '" + kind
                        + "', which this Holdfast does not know; upgrade Holdfast");
        };
    }

    /**
     * Whether new backups encode recognised model files with the model codec ({@code holdfast.model_codec = "v1"},
     * set by {@code init --model-codec}).
     */
    public boolean modelCodec() {
        String v = config.extensions().path("model_codec").asText("");
        return switch (v) {
            case "" -> false;
            case "v1" -> true;
            default ->
                throw new IllegalStateException("this repository uses model codec '" + v
                        + "', which this Holdfast does not know; upgrade Holdfast");
        };
    }

    /**
     * The Object Lock rule of the repository ({@code "holdfast":{"object_lock":{"mode":"compliance","days":30}}},
     * set by {@code init --object-lock}), or {@code null}.
     */
    public @org.jspecify.annotations.Nullable RetentionRule retentionRule() {
        return retentionRule(config.extensions());
    }

    private static @org.jspecify.annotations.Nullable RetentionRule retentionRule(ObjectNode extensions) {
        var lock = extensions.path("object_lock");
        if (lock.isMissingNode()) {
            return null;
        }
        try {
            return new RetentionRule(
                    LockMode.parse(lock.path("mode").asText("")),
                    lock.path("days").asInt(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "this repository's object lock setting " + lock + " is not one this Holdfast knows ("
                            + e.getMessage() + "); upgrade Holdfast",
                    e);
        }
    }

    /** Compression in effect: none in a format v1 repository. */
    public Compression compression() {
        return config.version() < 2 ? Compression.OFF : options.compression();
    }

    public MasterIndex index() {
        return index;
    }

    /** The shared pool for CPU work. */
    public ExecutorService workers() {
        return workers;
    }

    /** Encrypts and stores a JSON file; returns its id, the hash of the stored bytes. */
    public Id saveJson(FileType type, byte[] json) throws IOException {
        byte[] stored = UnpackedFile.encode(crypto, json, config.version(), true);
        Id id = Id.hash(stored);
        backend.save(new Handle(type, id.hex()), ByteBuffer.wrap(stored));
        return id;
    }

    /** Loads, verifies and decrypts a JSON file. */
    public byte[] loadJson(FileType type, Id id) throws IOException {
        Handle h = new Handle(type, id.hex());
        byte[] stored = backend.load(h);
        if (!Id.hash(stored).equals(id)) {
            throw new CorruptDataException(h.path(), "content does not match its name (hash mismatch)");
        }
        return UnpackedFile.decode(crypto, stored, h.path());
    }

    /** Lists the ids of all files of a type; names that are not ids are skipped. */
    public List<Id> list(FileType type) throws IOException {
        List<Id> out = new ArrayList<>();
        backend.list(type, (FileInfo fi) -> {
            String n = fi.handle().name();
            if (n.length() == 64) {
                try {
                    out.add(Id.parse(n));
                } catch (IllegalArgumentException e) {
                    // not a repository file; ignore
                }
            }
        });
        return out;
    }

    /** Loads every index file into the master index. */
    public void loadIndex() throws IOException {
        List<Id> ids = list(FileType.INDEX);
        List<java.util.concurrent.Future<IndexFile>> futures = new ArrayList<>();
        for (Id id : ids) {
            futures.add(workers.submit(() -> IndexFile.parse(loadJson(FileType.INDEX, id), "index/" + id.hex())));
        }
        for (java.util.concurrent.Future<IndexFile> f : futures) {
            IndexFile file = Executors2.await(f);
            for (IndexFile.Pack p : file.packs()) {
                index.addPack(p.id(), p.blobs());
            }
        }
    }

    /** Loads, decrypts, decompresses and verifies a blob. */
    public byte[] loadBlob(BlobType type, Id id) throws IOException {
        return loader.load(type, id);
    }

    /** The blob loader, for callers that already know a blob's location. */
    public BlobLoader loader() {
        return loader;
    }

    /**
     * A saver for a dry run: counts what saving would add (compressed sizes included) and writes nothing. Call its
     * {@link BlobSaver#flush} when done.
     */
    public BlobSaver dryRunBlobSaver() {
        return new BlobSaver(this, true);
    }

    /** The saver that packs new blobs; created on first use. */
    public BlobSaver blobSaver() {
        BlobSaver s = saver;
        if (s == null) {
            synchronized (this) {
                s = saver;
                if (s == null) {
                    s = new BlobSaver(this);
                    saver = s;
                }
            }
        }
        return s;
    }

    /** Reads the config's Holdfast extension object. */
    public ObjectNode extensions() {
        return config.extensions().deepCopy();
    }

    static ObjectNode emptyExtensions() {
        return FormatJson.object();
    }

    @Override
    public void close() throws IOException {
        BlobSaver s = saver;
        if (s != null) {
            s.close();
        }
        workers.shutdownNow();
        backend.close();
    }
}
