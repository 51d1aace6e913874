package io.holdfast.engine;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one backup, updated from many threads. */
final class BackupStats {
    final LongAdder filesNew = new LongAdder();
    final LongAdder filesChanged = new LongAdder();
    final LongAdder filesUnmodified = new LongAdder();
    final LongAdder dirsNew = new LongAdder();
    final LongAdder dirsChanged = new LongAdder();
    final LongAdder dirsUnmodified = new LongAdder();
    final LongAdder dataBlobs = new LongAdder();
    final LongAdder treeBlobs = new LongAdder();
    final LongAdder dataAdded = new LongAdder();
    final LongAdder dataAddedPlain = new LongAdder();
    final LongAdder treeAdded = new LongAdder();
    final LongAdder treeAddedPlain = new LongAdder();
    final LongAdder bytesProcessed = new LongAdder();
    final LongAdder filesProcessed = new LongAdder();
    final LongAdder errors = new LongAdder();
}
