package io.holdfast.cli;

import java.util.Locale;
import picocli.CommandLine;

/** The version of Holdfast and of the platform it runs on; also picocli's {@code --version} provider. */
public final class VersionInfo implements CommandLine.IVersionProvider {
    /** The restic repository format version Holdfast reads and writes. */
    public static final int REPOSITORY_FORMAT = 2;

    /** The Holdfast version, the same the engine writes into snapshots' {@code program_version}. */
    public static String version() {
        return io.holdfast.engine.Hosts.version();
    }

    /** The Java runtime version, e.g. {@code 25.0.1}. */
    public static String javaVersion() {
        return System.getProperty("java.version", Runtime.version().toString());
    }

    /** The operating system in Go's spelling, as restic prints it: {@code linux}, {@code darwin}, {@code windows}. */
    public static String os() {
        String name = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "darwin";
        }
        if (name.startsWith("windows")) {
            return "windows";
        }
        return name.replace(' ', '-');
    }

    /** The CPU architecture in Go's spelling: {@code amd64}, {@code arm64}, ... */
    public static String arch() {
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> arch;
        };
    }

    /** {@code holdfast 0.1.0 (restic repository format v2), Java 25.0.1 linux/amd64}. */
    public static String line() {
        return "holdfast " + version() + " (restic repository format v" + REPOSITORY_FORMAT + "), Java " + javaVersion()
                + " " + os() + "/" + arch();
    }

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }
}
