package io.holdfast.promptlog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only file of erasure certificates ({@code KEYSTORE.ledger}, one JSON line each), hash-chained. It is kept
 * beside the key store but never replaced by a key-store restore, so an older key store brought back is purged again
 * of every subject erased since (see {@link LocalKeyStore#open}).
 */
public final class ErasureLedger {
    private final Path path;

    ErasureLedger(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** All certificates, checking the chain; a broken chain is an error naming the line. */
    public List<ErasureCertificate> read() throws IOException {
        List<ErasureCertificate> out = new ArrayList<>();
        if (!Files.exists(path)) {
            return out;
        }
        String prev = ErasureCertificate.GENESIS;
        int n = 0;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            ErasureCertificate c = ErasureCertificate.parse(line);
            if (!c.prev().equals(prev) || !c.hash().equals(c.computeHash())) {
                throw new IOException(path + ": line " + n + ": the erasure ledger's hash chain is broken");
            }
            out.add(c);
            prev = c.hash();
        }
        return out;
    }

    /** Appends a certificate and syncs the file. */
    void append(ErasureCertificate c) throws IOException {
        try (FileChannel ch = FileChannel.open(
                path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap((c.toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }
}
