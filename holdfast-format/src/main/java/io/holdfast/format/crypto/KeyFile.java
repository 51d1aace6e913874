package io.holdfast.format.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.holdfast.format.CorruptDataException;
import io.holdfast.format.FormatJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A key file ({@code keys/<id>}): plaintext JSON holding scrypt parameters, a salt and the master key encrypted with
 * the key derived from a password. Several key files may wrap the same master key.
 *
 * @param created creation time, RFC 3339
 * @param username who created it
 * @param hostname where it was created
 * @param n scrypt cost N
 * @param r scrypt block size r
 * @param p scrypt parallelism p
 * @param salt the scrypt salt
 * @param data the encrypted master key JSON
 */
public record KeyFile(String created, String username, String hostname, int n, int r, int p, byte[] salt, byte[] data) {

    /** restic's defaults: N = 2^15, r = 8, p = 1. */
    public static final KdfParams DEFAULT_KDF = new KdfParams(1 << 15, 8, 1);

    /** scrypt parameters. */
    public record KdfParams(int n, int r, int p) {}

    /** Wraps {@code master} under {@code password}. */
    public static KeyFile create(MasterKey master, String password, String username, String hostname, KdfParams kdf) {
        byte[] salt = new byte[64];
        new SecureRandom().nextBytes(salt);
        MasterKey user = derive(password, salt, kdf.n(), kdf.r(), kdf.p());
        byte[] payload = masterKeyJson(master);
        byte[] data = new Crypto(user).encrypt(payload);
        String created = OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return new KeyFile(created, username, hostname, kdf.n(), kdf.r(), kdf.p(), salt, data);
    }

    /**
     * Derives the user key of a password with scrypt and splits it as restic does; takes the key another thread
     * derived ahead ({@link #deriveAhead}) for the same inputs instead, once.
     */
    public static MasterKey derive(String password, byte[] salt, int n, int r, int p) {
        MasterKey ahead = KeysAhead.take(password, salt, n, r, p);
        if (ahead != null) {
            return ahead;
        }
        byte[] out = Scrypt.derive(password.getBytes(StandardCharsets.UTF_8), salt, n, r, p, 64);
        return MasterKey.fromKdfOutput(out);
    }

    /**
     * Derives this key file's user key for {@code password} now, on the calling thread, for the next {@link #open}
     * with the same password (in any thread) to take instead of deriving it again; whether the password opens this
     * key. A command line calls it on another thread while it parses its arguments (design.md §22).
     */
    public boolean deriveAhead(String password) {
        try {
            return announceAhead().derive(() -> List.of(this), password);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading List.of(this) throws nothing
        }
    }

    /**
     * Announces keys about to be derived ahead of need: from now until the returned derivation has read its key files
     * (or is cancelled), an {@link #open} on another thread waits for them rather than deriving its key itself.
     */
    public static Ahead announceAhead() {
        return new Ahead(KeysAhead.announce());
    }

    /** The key files a later open will try, as the thread deriving their keys ahead reads them. */
    @FunctionalInterface
    public interface Source {
        List<KeyFile> read() throws IOException;
    }

    /** An announced derivation ahead of need ({@link #announceAhead}). */
    public static final class Ahead {
        private final CompletableFuture<Void> announcement;

        private Ahead(CompletableFuture<Void> announcement) {
            this.announcement = announcement;
        }

        /**
         * Reads the key files, ends the announcement, and derives their user keys for {@code password} on the calling
         * thread, in order until one opens, for the next {@link #open} of each (in any thread) to take; whether one
         * opened. The keys of the files after that one are not derived.
         */
        public boolean derive(Source files, String password) throws IOException {
            List<KeysAhead.Entry> entries = new ArrayList<>();
            List<KeyFile> keys;
            try {
                keys = files.read();
                for (KeyFile k : keys) {
                    entries.add(KeysAhead.register(password, k.salt(), k.n(), k.r(), k.p()));
                }
            } finally {
                KeysAhead.announced(announcement);
            }
            boolean opened = false;
            int i = 0;
            try {
                for (; i < keys.size() && !opened; i++) {
                    KeyFile k = keys.get(i);
                    opened = new Crypto(KeysAhead.derive(entries.get(i))).verify(k.data(), 0, k.data().length);
                }
            } finally {
                // after the one that opens, or a derivation that failed: an open of these derives the key itself
                for (int j = i; j < entries.size(); j++) {
                    KeysAhead.drop(entries.get(j));
                }
            }
            return opened;
        }

        /** Ends the announcement without deriving anything. */
        public void cancel() {
            KeysAhead.announced(announcement);
        }
    }

    /**
     * Unwraps the master key.
     *
     * @throws WrongPasswordException if the password does not open this key
     */
    public MasterKey open(String password, String what) throws CorruptDataException, WrongPasswordException {
        MasterKey user = derive(password, salt, n, r, p);
        Crypto c = new Crypto(user);
        if (!c.verify(data, 0, data.length)) {
            throw new WrongPasswordException();
        }
        byte[] json = c.decrypt(data, what);
        ObjectNode obj = FormatJson.parseObject(json, what);
        if (!(obj.get("mac") instanceof ObjectNode mac)) {
            throw new CorruptDataException(what, "master key has no 'mac'");
        }
        return new MasterKey(
                FormatJson.base64(obj, "encrypt", what),
                FormatJson.base64(mac, "k", what),
                FormatJson.base64(mac, "r", what));
    }

    /** The file's JSON bytes. */
    public byte[] toJson() {
        ObjectNode o = FormatJson.object();
        o.put("created", created);
        o.put("username", username);
        o.put("hostname", hostname);
        o.put("kdf", "scrypt");
        o.put("N", n);
        o.put("r", r);
        o.put("p", p);
        o.put("salt", Base64.getEncoder().encodeToString(salt));
        o.put("data", Base64.getEncoder().encodeToString(data));
        return write(o);
    }

    /** Parses a key file. */
    public static KeyFile parse(byte[] json, String what) throws CorruptDataException {
        ObjectNode o = FormatJson.parseObject(json, what);
        String kdf = FormatJson.text(o, "kdf", what);
        if (!kdf.equals("scrypt")) {
            throw new CorruptDataException(what, "unsupported key derivation function '" + kdf + "'");
        }
        long n = FormatJson.number(o, "N", what);
        long r = FormatJson.number(o, "r", what);
        long p = FormatJson.number(o, "p", what);
        if (n < 2 || n > (1 << 24) || Long.bitCount(n) != 1 || r < 1 || r > 64 || p < 1 || p > 64) {
            throw new CorruptDataException(what, "implausible scrypt parameters N=" + n + " r=" + r + " p=" + p);
        }
        String created = o.hasNonNull("created") ? o.get("created").asText() : "";
        String user = o.hasNonNull("username") ? o.get("username").asText() : "";
        String host = o.hasNonNull("hostname") ? o.get("hostname").asText() : "";
        return new KeyFile(
                created,
                user,
                host,
                (int) n,
                (int) r,
                (int) p,
                FormatJson.base64(o, "salt", what),
                FormatJson.base64(o, "data", what));
    }

    private static byte[] masterKeyJson(MasterKey k) {
        ObjectNode o = FormatJson.object();
        ObjectNode mac = o.putObject("mac");
        mac.put("k", Base64.getEncoder().encodeToString(k.macK()));
        mac.put("r", Base64.getEncoder().encodeToString(k.macR()));
        o.put("encrypt", Base64.getEncoder().encodeToString(k.encryptKey()));
        return write(o);
    }

    private static byte[] write(ObjectNode o) {
        return FormatJson.bytes(o);
    }
}
