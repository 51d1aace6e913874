package io.holdfast.engine.fs;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User and group names of ids through {@code getpwuid_r} and {@code getgrgid_r} (so NSS sources such as LDAP count),
 * cached for the life of the process. The name is the first field of both {@code struct passwd} and {@code struct
 * group}.
 */
final class Owners {
    private static final Map<Long, String> USERS = new ConcurrentHashMap<>();
    private static final Map<Long, String> GROUPS = new ConcurrentHashMap<>();

    private Owners() {}

    /** {@code getpwuid_r} or {@code getgrgid_r}. */
    @FunctionalInterface
    private interface Lookup {
        int call(MemorySegment cap, int id, MemorySegment entry, MemorySegment buf, long size, MemorySegment result)
                throws Throwable;
    }

    static String user(long uid) {
        return USERS.computeIfAbsent(uid, u -> lookup(Libc::getpwuidR, u, 48));
    }

    static String group(long gid) {
        return GROUPS.computeIfAbsent(gid, g -> lookup(Libc::getgrgidR, g, 32));
    }

    /** The name of {@code id}, or the empty string if it has none. */
    private static String lookup(Lookup h, long id, int structSize) {
        try (Call c = new Call()) {
            MemorySegment entry = c.arena.allocate(structSize, 8);
            MemorySegment result = c.arena.allocate(ADDRESS);
            for (long size = 1024; size <= 1 << 20; size *= 4) {
                MemorySegment buf = c.arena.allocate(size);
                int r = h.call(c.cap, (int) id, entry, buf, size, result);
                if (r == Libc.ERANGE) {
                    continue;
                }
                MemorySegment found = result.get(ADDRESS, 0);
                if (r != 0 || found.address() == 0) {
                    return "";
                }
                MemorySegment name = entry.get(ADDRESS, 0).reinterpret(Long.MAX_VALUE);
                return new String(Fd.cString(name), StandardCharsets.UTF_8);
            }
            return "";
        } catch (Throwable e) {
            return "";
        }
    }
}
