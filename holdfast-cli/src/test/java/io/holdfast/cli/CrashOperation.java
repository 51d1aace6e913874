package io.holdfast.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A command the crash harness kills: how to prepare for it, its arguments, and what it may change. A killed run may
 * have done all, some or none of its work; the harness accepts any of those outcomes as long as the repository stays
 * consistent and nothing outside {@link #mayRemove} is lost.
 */
enum CrashOperation {
    /** A backup of a source tree that has just changed; may add one snapshot. */
    BACKUP(1) {
        @Override
        void prepare(CrashState state, Random rnd) throws Exception {
            state.changeSource(rnd);
        }

        @Override
        List<String> args(CrashState state) {
            return List.of("backup", "--pack-size", "4", state.source().toString());
        }
    },

    /** restic's {@code forget --keep-last 3}: may remove any snapshot but the newest three. */
    FORGET(0) {
        @Override
        List<String> args(CrashState state) {
            return List.of("forget", "--keep-last", "3");
        }

        @Override
        Set<String> mayRemove(List<String> oldestFirst) {
            return new HashSet<>(oldestFirst.subList(0, Math.max(0, oldestFirst.size() - 3)));
        }
    },

    /**
     * {@code prune} after an unkilled {@code forget --keep-last 3}, so that it has packs to delete and to repack: removes
     * unreferenced data only, never a snapshot.
     */
    PRUNE(0) {
        @Override
        void prepare(CrashState state, Random rnd) throws Exception {
            state.forget(3);
        }

        @Override
        List<String> args(CrashState state) {
            return List.of("prune");
        }
    };

    private final int mayAdd;

    CrashOperation(int mayAdd) {
        this.mayAdd = mayAdd;
    }

    /** Changes the source, or anything else, before the run. */
    void prepare(CrashState state, Random rnd) throws Exception {}

    /** The command line after the global options. */
    abstract List<String> args(CrashState state);

    /** Of the snapshots before the run (oldest first), those it may remove. */
    Set<String> mayRemove(List<String> oldestFirst) {
        return Set.of();
    }

    /** How many snapshots it may add; they hold the source as it was when the run started. */
    int mayAdd() {
        return mayAdd;
    }
}
