package io.holdfast.promptlog;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import java.io.ByteArrayOutputStream;

/**
 * Builds the sealed frame of one record (docs/design.md §17.2): cuts the personal values out of the line, compresses
 * them against the fixed dictionary and the subject's history, appends them to that history and encrypts them with the
 * subject's key (the cipher the history keeps). One sealer per thread (it owns zstd contexts); every record of one
 * subject must go through the same sealer, in log order, because its history is read and updated here.
 */
final class RecordSealer {
    private final ZstdCompressCtx zstd = new ZstdCompressCtx();
    private final ZstdCompressCtx zstdHistory = new ZstdCompressCtx();
    private final byte[] dictionary = EnvelopeFormat.dictionary();

    RecordSealer(int level) {
        zstd.setLevel(level);
        zstd.loadDict(new ZstdDictCompress(dictionary, level));
        zstd.setDictID(false);
        zstdHistory.setLevel(level);
        zstdHistory.setDictID(false);
        // The dictionary changes with every record, so zstd builds its match tables anew each time; tables sized for
        // a dictionary of at most 35 KB rather than the level's defaults make that ~40% cheaper for the same output
        // size.
        zstdHistory.setHashLog(15);
        zstdHistory.setChainLog(15);
        // A window of 16 KiB makes zstd index the dictionary with hash chains instead of its row-based match finder
        // (which it picks for larger windows and which cost half of each record's time filling rows); the whole
        // dictionary stays reachable, so the output is as small (0.7% smaller on the benchmark's log) for 20% less
        // time a record (docs/design.md §17.3).
        zstdHistory.setWindowLog(14);
    }

    /** The frame of {@code len} bytes of {@code line}, whose personal spans are {@code split}'s. */
    byte[] frame(
            byte[] line,
            int len,
            boolean newline,
            RecordSplitter.Split split,
            SubjectKey key,
            SubjectHistories.History history) {
        ByteArrayOutputStream template = new ByteArrayOutputStream();
        ByteArrayOutputStream pieces = new ByteArrayOutputStream(len + 8);
        Varints.write(pieces, split.spans().size());
        int prev = 0;
        for (int[] s : split.spans()) {
            template.write(line, prev, s[0] - prev);
            Varints.write(pieces, s[1] - s[0]);
            prev = s[1];
        }
        template.write(line, prev, len - prev);
        for (int[] s : split.spans()) {
            pieces.write(line, s[0], s[1] - s[0]);
        }
        byte[] plain = pieces.toByteArray();
        byte[] dict = history.dictionary();
        byte[] packed;
        if (dict == null) {
            packed = zstd.compress(plain);
        } else {
            zstdHistory.loadDict(dict);
            packed = zstdHistory.compress(plain);
        }
        history.append(plain);
        boolean compressed = packed.length < plain.length;
        ByteArrayOutputStream body = new ByteArrayOutputStream(len / 2 + 64);
        body.write((newline ? EnvelopeFormat.FLAG_NEWLINE : 0) | (compressed ? EnvelopeFormat.FLAG_COMPRESSED : 0));
        body.writeBytes(key.id());
        Varints.write(body, template.size());
        body.writeBytes(template.toByteArray());
        Varints.write(body, split.spans().size());
        int removed = 0;
        int last = 0;
        for (int[] s : split.spans()) {
            int at = s[0] - removed;
            Varints.write(body, at - last);
            last = at;
            removed += s[1] - s[0];
        }
        byte[] aad = body.toByteArray();
        byte[] ct = history.cipher(key).seal(aad, compressed ? packed : plain);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(aad.length + ct.length + 8);
        frame.write(EnvelopeFormat.FRAME_SEALED);
        Varints.write(frame, (long) aad.length + ct.length);
        frame.writeBytes(aad);
        frame.writeBytes(ct);
        return frame.toByteArray();
    }
}
