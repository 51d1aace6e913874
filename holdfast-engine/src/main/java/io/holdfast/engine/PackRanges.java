package io.holdfast.engine;

import io.holdfast.format.pack.PackedBlob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How {@code check --read-data} reads a pack: in consecutive ranges that cover the whole file once (its SHA-256 is
 * computed as they are read), each holding whole blobs, so that a pack is verified through one buffer of about
 * {@code window} bytes (or of its largest blob) instead of an array of the whole pack.
 *
 * @param ranges the ranges in file order, from offset 0 to the pack's size without a gap
 * @param strays blobs that no range holds whole because they overlap the blob before them (a damaged or hand-made
 *     pack): read on their own
 * @param beyond blobs that end past the end of the file
 */
record PackRanges(List<Range> ranges, List<PackedBlob> strays, List<PackedBlob> beyond) {
    /**
     * The bytes {@code [start, end)} of the file and the blobs that lie wholly inside them.
     */
    record Range(long start, long end, List<PackedBlob> blobs) {
        int length() {
            return (int) (end - start);
        }
    }

    /**
     * Plans the reading of a pack of {@code size} bytes holding {@code blobs} (in any order). A range holding blobs
     * spans at most {@code window} bytes, or one blob (and the gap before it) when that blob is larger; the last one
     * takes the rest of the file (the header) too when that fits. A gap of {@code window} bytes or more between
     * blobs, and a header that does not fit, are read in ranges of at most {@code window} bytes that hold no blob.
     */
    static PackRanges plan(List<PackedBlob> blobs, long size, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        List<PackedBlob> sorted = new ArrayList<>();
        List<PackedBlob> beyond = new ArrayList<>();
        for (PackedBlob b : blobs) {
            if (b.offset() < 0 || b.offset() + b.length() > size) {
                beyond.add(b);
            } else {
                sorted.add(b);
            }
        }
        sorted.sort(Comparator.comparingLong(PackedBlob::offset));
        List<Range> ranges = new ArrayList<>();
        List<PackedBlob> strays = new ArrayList<>();
        long pos = 0;
        int i = 0;
        while (pos < size) {
            while (i < sorted.size() && sorted.get(i).offset() < pos) {
                strays.add(sorted.get(i++)); // starts inside a range already read
            }
            long end;
            List<PackedBlob> held = new ArrayList<>();
            if (i < sorted.size() && sorted.get(i).offset() - pos < window) {
                end = end(sorted.get(i));
                held.add(sorted.get(i++));
                while (i < sorted.size() && Math.max(end, end(sorted.get(i))) - pos <= window) {
                    end = Math.max(end, end(sorted.get(i)));
                    held.add(sorted.get(i++));
                }
                if (i == sorted.size() && size - pos <= window) {
                    end = size; // the header after the last blob, in the same read
                }
            } else {
                end = Math.min(size, pos + window); // a gap or the header: hashed only
            }
            ranges.add(new Range(pos, end, List.copyOf(held)));
            pos = end;
        }
        strays.addAll(sorted.subList(i, sorted.size())); // overlapping the last range, or empty at the very end
        return new PackRanges(List.copyOf(ranges), List.copyOf(strays), List.copyOf(beyond));
    }

    private static long end(PackedBlob b) {
        return b.offset() + b.length();
    }

    /** The longest range: the buffer the pack needs (more than an array holds only for a pack of gigabytes). */
    long longest() {
        long n = 0;
        for (Range r : ranges) {
            n = Math.max(n, r.end() - r.start());
        }
        return n;
    }
}
