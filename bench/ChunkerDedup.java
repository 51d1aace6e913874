/*
 * Measures how well each chunker deduplicates a new version of a directory tree against an old one, and how fast it
 * chunks. Run with the built application on the class path:
 *
 *   java -cp holdfast-cli/target/holdfast-cli.jar bench/ChunkerDedup.java OLD_DIR NEW_DIR
 *
 * Prints, per chunker: chunks and bytes of the old tree, bytes of the new tree not found in the old one (what a
 * backup of the new version adds before compression), and chunking throughput.
 */
import io.holdfast.format.Id;
import io.holdfast.format.chunker.Chunker;
import io.holdfast.format.chunker.ChunkerSpec;
import io.holdfast.format.chunker.Polynomial;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

public class ChunkerDedup {
    public static void main(String[] args) throws IOException {
        Path oldDir = Path.of(args[0]);
        Path newDir = Path.of(args[1]);
        Polynomial pol = Polynomial.randomIrreducible(new Random(1));
        for (ChunkerSpec spec : List.of(ChunkerSpec.rabin(pol), ChunkerSpec.fastCdc())) {
            Set<Id> seen = new HashSet<>();
            long[] oldStats = chunkTree(spec, oldDir, seen, new long[3]);
            long[] newStats = chunkTree(spec, newDir, seen, new long[3]);
            System.out.printf(
                    "%-8s old: %d chunks, %d bytes | new: %d bytes, %d bytes not in old (%.2f%%) | %.0f MB/s%n",
                    spec.kind(), oldStats[0], oldStats[1], newStats[1], newStats[2],
                    100.0 * newStats[2] / newStats[1],
                    (oldStats[1] + newStats[1]) / 1e6 / ((oldStats[3] + newStats[3]) / 1e9));
        }
    }

    /** Returns {chunks, bytes, new bytes, nanos spent chunking}. */
    static long[] chunkTree(ChunkerSpec spec, Path dir, Set<Id> seen, long[] unused) throws IOException {
        long[] s = new long[4];
        List<Path> files;
        try (Stream<Path> w = Files.walk(dir)) {
            files = w.filter(Files::isRegularFile).sorted().toList();
        }
        Chunker c = spec.newStreamChunker();
        byte[] buf = new byte[spec.maxSize() + (1 << 20)];
        for (Path f : files) {
            c.reset();
            try (InputStream in = Files.newInputStream(f)) {
                int fill = 0;
                int scan = 0;
                while (true) {
                    int n = in.read(buf, fill, Math.min(1 << 20, buf.length - fill));
                    if (n < 0) {
                        break;
                    }
                    fill += n;
                    while (scan < fill) {
                        long t0 = System.nanoTime();
                        int cut = c.findBoundary(buf, scan, fill - scan);
                        s[3] += System.nanoTime() - t0;
                        if (cut < 0) {
                            scan = fill;
                            break;
                        }
                        int end = scan + cut;
                        count(s, seen, buf, end);
                        System.arraycopy(buf, end, buf, 0, fill - end);
                        fill -= end;
                        scan = 0;
                    }
                }
                if (fill > 0) {
                    count(s, seen, buf, fill);
                }
            }
        }
        return s;
    }

    static void count(long[] s, Set<Id> seen, byte[] buf, int len) {
        s[0]++;
        s[1] += len;
        if (seen.add(Id.hash(buf, 0, len))) {
            s[2] += len;
        }
    }
}
