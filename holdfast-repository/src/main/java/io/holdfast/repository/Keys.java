package io.holdfast.repository;

import io.holdfast.format.CorruptDataException;
import io.holdfast.format.Id;
import io.holdfast.format.crypto.KeyFile;
import io.holdfast.format.crypto.MasterKey;
import io.holdfast.format.crypto.WrongPasswordException;
import io.holdfast.storage.Backend;
import io.holdfast.storage.FileType;
import io.holdfast.storage.Handle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Key files: adding, opening with a password, listing and removing. */
public final class Keys {
    private Keys() {}

    /** The outcome of opening: which key matched and the master key it wraps. */
    public record Opened(Id keyId, MasterKey master) {}

    /** A listed key. */
    public record Info(Id id, KeyFile file) {}

    /** Writes a new key file wrapping {@code master} under {@code password}; returns its id. */
    public static Id add(Backend backend, MasterKey master, String password, KeyFile.KdfParams kdf) throws IOException {
        KeyFile k = KeyFile.create(master, password, System.getProperty("user.name", ""), hostname(), kdf);
        byte[] json = k.toJson();
        Id id = Id.hash(json);
        backend.save(new Handle(FileType.KEY, id.hex()), ByteBuffer.wrap(json));
        return id;
    }

    /** Tries every key file until one opens with {@code password}. */
    public static Opened open(Backend backend, String password) throws IOException {
        List<Info> keys = list(backend);
        if (keys.isEmpty()) {
            throw new CorruptDataException("keys", "the repository has no key files");
        }
        for (Info k : keys) {
            try {
                return new Opened(k.id(), k.file().open(password, "keys/" + k.id().hex()));
            } catch (WrongPasswordException e) {
                // try the next key
            }
        }
        throw new WrongPasswordException();
    }

    /** All readable key files. Unparseable ones are skipped (they cannot open the repository). */
    public static List<Info> list(Backend backend) throws IOException {
        List<Handle> handles = new ArrayList<>();
        backend.list(FileType.KEY, fi -> handles.add(fi.handle()));
        List<Info> out = new ArrayList<>();
        for (Handle h : handles) {
            try {
                out.add(new Info(Id.parse(h.name()), KeyFile.parse(backend.load(h), h.path())));
            } catch (CorruptDataException | IllegalArgumentException e) {
                // a damaged or foreign file in keys/ cannot open the repository; check reports it
            }
        }
        return out;
    }

    /** Removes a key; refuses to remove the key in use. */
    public static void remove(Repository repo, Id keyId) throws IOException {
        if (keyId.equals(repo.keyId())) {
            throw new IllegalArgumentException("refusing to remove the key currently in use");
        }
        repo.backend().remove(new Handle(FileType.KEY, keyId.hex()));
    }

    /** This machine's host name, as recorded in keys, locks and snapshots. */
    public static String hostname() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
