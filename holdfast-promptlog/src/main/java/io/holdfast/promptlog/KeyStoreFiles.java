package io.holdfast.promptlog;

import io.holdfast.format.crypto.Scrypt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key store file: {@code "HFKEYST1" logN:u8 r:u8 p:u8 salt:16 nonce:12 AES-256-GCM(state JSON)}, the prefix as
 * associated data, the key derived from the password with scrypt. Replaced atomically; the replaced file's blocks are
 * then overwritten with zeros, so a destroyed key does not linger in the old file on a filesystem that writes in
 * place.
 */
final class KeyStoreFiles {
    static final byte[] MAGIC = "HFKEYST1".getBytes(StandardCharsets.US_ASCII);
    private static final int PREFIX = MAGIC.length + 3 + 16 + 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** scrypt cost, salt and derived key of one key store file. */
    record Kdf(int logN, int r, int p, byte[] salt, byte[] key) {
        static Kdf derive(char[] password, int logN, int r, int p, byte[] salt) {
            byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
            return new Kdf(logN, r, p, salt, Scrypt.derive(pw, salt, 1 << logN, r, p, 32));
        }

        static Kdf fresh(char[] password) {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            return derive(password, 15, 8, 1, salt);
        }
    }

    private KeyStoreFiles() {}

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Reads the scrypt parameters of a key store file and derives its key. */
    static Kdf kdf(byte[] file, char[] password) throws IOException {
        if (file.length < PREFIX + 16 || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException("not a Holdfast key store file");
        }
        int at = MAGIC.length;
        return Kdf.derive(
                password, file[at], file[at + 1], file[at + 2], Arrays.copyOfRange(file, at + 3, at + 3 + 16));
    }

    static byte[] decrypt(byte[] file, Kdf kdf) throws IOException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(kdf.key(), "AES"),
                    new GCMParameterSpec(128, file, PREFIX - 12, 12));
            c.updateAAD(file, 0, PREFIX);
            return c.doFinal(file, PREFIX, file.length - PREFIX);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new WrongKeyStorePasswordException();
        } catch (GeneralSecurityException e) {
            throw new IOException("key store cannot be decrypted: " + e.getMessage(), e);
        }
    }

    static byte[] encrypt(byte[] plain, Kdf kdf) throws IOException {
        ByteBuffer prefix = ByteBuffer.allocate(PREFIX);
        prefix.put(MAGIC)
                .put((byte) kdf.logN())
                .put((byte) kdf.r())
                .put((byte) kdf.p())
                .put(kdf.salt());
        prefix.put(random(12));
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(kdf.key(), "AES"),
                    new GCMParameterSpec(128, prefix.array(), PREFIX - 12, 12));
            c.updateAAD(prefix.array());
            byte[] ct = c.doFinal(plain);
            byte[] out = Arrays.copyOf(prefix.array(), PREFIX + ct.length);
            System.arraycopy(ct, 0, out, PREFIX, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException("key store cannot be encrypted: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code target} with {@code data}: a synced temporary file is renamed over it, then the old file's
     * blocks (still open here) are overwritten with zeros and synced.
     */
    static void replace(Path target, byte[] data) throws IOException {
        Path dir = java.util.Objects.requireNonNull(target.toAbsolutePath().getParent(), "key store directory");
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName() + ".tmp-", "");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            FileChannel old = Files.exists(target) ? FileChannel.open(target, StandardOpenOption.WRITE) : null;
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDir(dir);
                if (old != null) {
                    shred(old);
                }
            } finally {
                if (old != null) {
                    old.close();
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Replaces {@code target} with {@code data} by renaming a temporary file over it, without syncing or shredding: for
     * a cache whose loss or damage only costs time (a damaged one fails its authentication and is not used).
     */
    static void replaceCache(Path target, Writer data) throws IOException {
        Path dir = java.util.Objects.requireNonNull(target.toAbsolutePath().getParent(), "cache directory");
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName() + ".tmp-", "");
        try {
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                data.write(out);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes a file's content. */
    interface Writer {
        void write(java.io.OutputStream out) throws IOException;
    }

    /** Overwrites a file with zeros, then deletes it. */
    static void shredAndDelete(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            shred(ch);
        }
        Files.delete(p);
    }

    private static void shred(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer zeros = ByteBuffer.allocate(1 << 16);
        for (long pos = 0; pos < size; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), size - pos));
            pos += ch.write(zeros, pos);
        }
        ch.force(true);
    }

    private static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some filesystems cannot sync a directory; the rename is still atomic
        }
    }
}
