import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Removes a multi-release jar's versioned classes ({@code META-INF/versions/N/...}), in place, so every JDK loads its
 * base classes: {@code java DropVersionedClasses.java JAR}.
 *
 * <p>Why, for zstd-jni: from Java 22 on, its versioned classes call libzstd through the foreign function API instead
 * of JNI, and bind every zstd function when the binding class initialises. Each downcall handle is spun into hidden
 * classes (134 of them), which the AOT cache cannot hold, so every command generated them again and kept the JIT busy
 * compiling the class-file generator: `snapshots` on a small repository took 1.48 s with them and 1.14 s with the JNI
 * classes (without the AOT cache, this machine, 2026-12-06). The JNI classes are the same API over the same native
 * library, which the jar carries for every platform it supports. Tests run from Maven keep the versioned classes, so
 * both bindings are exercised.
 */
public final class DropVersionedClasses {
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java DropVersionedClasses.java JAR");
        }
        Path jar = Path.of(args[0]);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int dropped = 0;
        try (InputStream raw = Files.newInputStream(jar);
                ZipInputStream in = new ZipInputStream(raw);
                OutputStream rawOut = Files.newOutputStream(tmp);
                ZipOutputStream out = new ZipOutputStream(rawOut)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().startsWith("META-INF/versions/")) {
                    dropped++;
                    continue;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                in.transferTo(out);
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println(jar.getFileName() + ": " + dropped + " versioned entries removed");
    }
}
