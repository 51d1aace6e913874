package io.holdfast.format.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a zip file's central directory (with zip64) and locates each entry's data, without inflating anything. Every
 * count and offset is checked against the file size.
 */
final class ZipDirectory {
    static final byte[] LOCAL_MAGIC = {'P', 'K', 3, 4};
    private static final long EOCD = 0x06054b50L;
    private static final long EOCD64 = 0x06064b50L;
    private static final long LOCATOR64 = 0x07064b50L;
    private static final long CENTRAL = 0x02014b50L;
    private static final long LOCAL = 0x04034b50L;
    private static final int MAX_ENTRIES = 1 << 20;

    /** One entry: its name, compression method, sizes and where its data begins. */
    record Entry(String name, int method, long compressedSize, long size, long dataOffset) {}

    private ZipDirectory() {}

    /** The entries, or null if no end-of-central-directory record is found (not a zip). */
    static @Nullable List<Entry> read(ModelSource src) throws IOException {
        String file = src.name();
        long size = src.size();
        int tail = (int) Math.min(size, 22 + 65535);
        byte[] t = new byte[tail];
        src.read(size - tail, t, 0, tail);
        int at = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (Bytes.u32le(t, i) == EOCD) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return null;
        }
        long eocd = size - tail + at;
        long count = Bytes.u16le(t, at + 10);
        long cdSize = Bytes.u32le(t, at + 12);
        long cdOffset = Bytes.u32le(t, at + 16);
        if ((count == 0xFFFF || cdOffset == 0xFFFFFFFFL || cdSize == 0xFFFFFFFFL) && eocd >= 20) {
            byte[] loc = new byte[20];
            src.read(eocd - 20, loc, 0, 20);
            if (Bytes.u32le(loc, 0) == LOCATOR64) {
                long rec = Bytes.u64le(loc, 8);
                if (rec < 0 || rec + 56 > size) {
                    throw new InvalidModelException(file, null, rec, -1, "zip64 directory record out of bounds");
                }
                byte[] r = new byte[56];
                src.read(rec, r, 0, 56);
                if (Bytes.u32le(r, 0) != EOCD64) {
                    throw new InvalidModelException(file, null, rec, rec + 56, "zip64 directory record is damaged");
                }
                count = Bytes.u64le(r, 32);
                cdSize = Bytes.u64le(r, 40);
                cdOffset = Bytes.u64le(r, 48);
            }
        }
        if (cdOffset < 0
                || cdSize < 0
                || cdOffset > size
                || cdSize > size - cdOffset
                || count < 0
                || count > Math.min(MAX_ENTRIES, cdSize / 46)) {
            throw new InvalidModelException(
                    file, null, cdOffset, cdOffset + cdSize, "zip central directory is out of bounds or absurd");
        }
        Cursor c = new Cursor(src, cdOffset, cdOffset + cdSize);
        List<Entry> entries = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long start = c.position();
            if (c.u32() != CENTRAL) {
                throw new InvalidModelException(file, null, start, start + 4, "zip directory entry is damaged");
            }
            c.skip(6);
            int method = c.u8() | c.u8() << 8;
            c.skip(8);
            long csize = c.u32();
            long usize = c.u32();
            int nameLen = c.u8() | c.u8() << 8;
            int extraLen = c.u8() | c.u8() << 8;
            int commentLen = c.u8() | c.u8() << 8;
            c.skip(8);
            long local = c.u32();
            String name = new String(c.bytes(nameLen, 65535, "zip entry name"), StandardCharsets.UTF_8);
            long extraEnd = c.position() + extraLen;
            while (c.position() + 4 <= extraEnd) {
                int id = c.u8() | c.u8() << 8;
                int len = c.u8() | c.u8() << 8;
                long next = c.position() + len;
                if (id == 1) {
                    if (usize == 0xFFFFFFFFL && c.position() + 8 <= next) {
                        usize = c.u64();
                    }
                    if (csize == 0xFFFFFFFFL && c.position() + 8 <= next) {
                        csize = c.u64();
                    }
                    if (local == 0xFFFFFFFFL && c.position() + 8 <= next) {
                        local = c.u64();
                    }
                }
                c.seek(Math.min(next, extraEnd));
            }
            c.seek(extraEnd);
            c.skip(commentLen);
            entries.add(new Entry(name, method, csize, usize, dataOffset(src, name, local, csize, size)));
        }
        return entries;
    }

    private static long dataOffset(ModelSource src, String name, long local, long csize, long size) throws IOException {
        if (local < 0 || local > size - 30) {
            throw new InvalidModelException(src.name(), name, local, -1, "zip local header is out of bounds");
        }
        byte[] h = new byte[30];
        src.read(local, h, 0, 30);
        if (Bytes.u32le(h, 0) != LOCAL) {
            throw new InvalidModelException(src.name(), name, local, local + 30, "zip local header is damaged");
        }
        long data = local + 30 + Bytes.u16le(h, 26) + Bytes.u16le(h, 28);
        if (csize < 0 || data > size || csize > size - data) {
            throw new InvalidModelException(
                    src.name(),
                    name,
                    data,
                    csize < 0 ? -1 : data + csize,
                    "zip entry data runs past the end: truncated");
        }
        return data;
    }
}
