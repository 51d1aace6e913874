package io.holdfast.engine;

import io.holdfast.storage.ChannelIo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Sparse writes (restic's {@code --sparse}): a blob is written without its all-zero blocks of {@link #BLOCK} bytes,
 * aligned to the file, into a file already set to its final length, so that the zeros become holes. restic skips only
 * a blob's zero prefix; this skips every zero block, so a blob holding data, a long zero run and data again leaves a
 * hole too.
 */
final class Sparse {
    static final int BLOCK = 4096;
    private static final byte[] ZEROS = new byte[BLOCK];

    private Sparse() {}

    /** Writes {@code data} at {@code pos}, leaving out its aligned all-zero blocks. */
    static void write(FileChannel ch, byte[] data, long pos) throws IOException {
        write(ch, data, data.length, pos);
    }

    /** Writes {@code data[0, length)} at {@code pos}, leaving out its aligned all-zero blocks. */
    static void write(FileChannel ch, byte[] data, int length, long pos) throws IOException {
        int i = 0;
        int runStart = -1;
        while (i < length) {
            int blockEnd = (int) Math.min(length, i + BLOCK - ((pos + i) % BLOCK));
            boolean zero = Arrays.mismatch(data, i, blockEnd, ZEROS, 0, blockEnd - i) < 0;
            if (zero) {
                if (runStart >= 0) {
                    ChannelIo.write(ch, data, runStart, i - runStart, pos + runStart);
                    runStart = -1;
                }
            } else if (runStart < 0) {
                runStart = i;
            }
            i = blockEnd;
        }
        if (runStart >= 0) {
            ChannelIo.write(ch, data, runStart, length - runStart, pos + runStart);
        }
    }
}
