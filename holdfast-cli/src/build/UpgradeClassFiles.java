import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the class files of a jar compiled for Java 5 or older (class file version below 50, picocli's) as Java 8
 * class files with stack map tables, in place: same classes, same bytecode, new frames.
 *
 * <p>Why: the JVM verifies such old classes with the type-inferring verifier, and JDK 25's ahead-of-time cache skips
 * them ("Old class has been linked"), so every command loaded and verified picocli's 228 classes from the jar again
 * (measured: {@code holdfast version} 0.37 s with the cache and old picocli, 0.18-0.22 s once they are upgraded and
 * cached). Run by the build with a JDK 25 (the ClassFile API): {@code java UpgradeClassFiles.java JAR}. A jar with no
 * old classes is left as it is.
 */
public final class UpgradeClassFiles {
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java UpgradeClassFiles.java JAR");
        }
        Path jar = Path.of(args[0]);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int upgraded = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            ClassHierarchyResolver hierarchy = ClassHierarchyResolver.ofResourceParsing(loader)
                    .orElse(ClassHierarchyResolver.defaultResolver());
            ClassFile classFile = ClassFile.of(
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS, ClassFile.ClassHierarchyResolverOption.of(hierarchy));
            try (InputStream in = Files.newInputStream(jar);
                    ZipInputStream zin = new ZipInputStream(in);
                    OutputStream out = Files.newOutputStream(tmp);
                    ZipOutputStream zout = new ZipOutputStream(out)) {
                for (ZipEntry entry; (entry = zin.getNextEntry()) != null; ) {
                    byte[] bytes = zin.readAllBytes();
                    if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                        ClassModel model = classFile.parse(bytes);
                        if (model.majorVersion() < ClassFile.JAVA_6_VERSION) {
                            bytes = classFile.build(model.thisClass().asSymbol(), builder -> {
                                builder.withVersion(ClassFile.JAVA_8_VERSION, 0);
                                for (ClassElement element : model) {
                                    if (element instanceof MethodModel method) {
                                        builder.transformMethod(
                                                method, MethodTransform.transformingCode(CodeTransform.ACCEPT_ALL));
                                    } else if (!(element instanceof ClassFileVersion)) {
                                        builder.with(element);
                                    }
                                }
                            });
                            upgraded++;
                        }
                    }
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    zout.putNextEntry(copy);
                    zout.write(bytes);
                    zout.closeEntry();
                }
            }
        }
        if (upgraded == 0) {
            Files.delete(tmp);
            System.out.println(jar.getFileName() + ": no class files older than Java 6");
        } else {
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
            System.out.println(jar.getFileName() + ": " + upgraded + " class files upgraded to Java 8 with stack maps");
        }
    }
}
