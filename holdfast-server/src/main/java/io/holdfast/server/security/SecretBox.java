package io.holdfast.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets kept in the catalog (target passwords, storage credentials) with AES-256-GCM under the server's
 * master key. The master key is a file outside the catalog ({@code master.key} in the data directory, mode 0600, or
 * {@code --master-key-file}): a copy of the catalog alone reveals no secret. Each secret is bound to its object's id.
 */
public final class SecretBox {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Loads the master key from {@code file}, creating it (0600) on first use. */
    public static SecretBox open(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            PrivateFiles.write(file, Base64.getEncoder().encodeToString(k) + "\n");
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("master key file " + file + " is not base64: restore it from your copy", e);
        }
        if (k.length != 32) {
            throw new IOException("master key file " + file + " does not hold 32 bytes: restore it from your copy");
        }
        return new SecretBox(k);
    }

    /** A secret derived from the master key for one purpose (HMAC-SHA256), e.g. the subject key store's password. */
    public char[] derive(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)))
                    .toCharArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String seal(String plain, String boundTo) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[12 + ct.length];
            System.arraycopy(nonce, 0, out, 0, 12);
            System.arraycopy(ct, 0, out, 12, ct.length);
            return "v1:" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String open(String sealed, String boundTo) {
        if (!sealed.startsWith("v1:")) {
            throw new IllegalStateException("unknown secret format");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(3));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            c.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "a stored secret cannot be decrypted: the master key file is not the one it was sealed with", e);
        }
    }

    /** Files only the owner can read. */
    public static final class PrivateFiles {
        private PrivateFiles() {}

        public static void write(Path file, String content) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }
}
