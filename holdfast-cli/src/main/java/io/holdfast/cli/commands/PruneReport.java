package io.holdfast.cli.commands;

import io.holdfast.cli.output.Formats;
import io.holdfast.cli.output.Output;
import io.holdfast.cli.output.Table;
import io.holdfast.engine.maintenance.PackInfo;
import io.holdfast.engine.maintenance.PrunePlan;
import io.holdfast.engine.maintenance.PruneResult;
import io.holdfast.engine.maintenance.PruneStats;
import io.holdfast.format.Id;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a prune plan and its outcome: tables for humans, one {@code summary} object with {@code --json}. */
final class PruneReport {
    private PruneReport() {}

    static void print(PruneResult r, Output out, int verbosity) {
        if (out.json()) {
            out.emit(json(r));
            return;
        }
        PrunePlan plan = r.plan();
        PruneStats s = plan.stats();
        Table blobs = new Table("", "Blobs", "Size").alignRight(1).alignRight(2);
        blobs.row("used", s.usedBlobs(), Formats.bytes(s.usedBytes()));
        if (s.duplicateBlobs() > 0) {
            blobs.row("duplicates", s.duplicateBlobs(), Formats.bytes(s.duplicateBytes()));
        }
        blobs.row("unused", s.unusedBlobs(), Formats.bytes(s.unusedBytes()));
        if (s.unreferencedBytes() > 0) {
            blobs.row("in unreferenced packs", "", Formats.bytes(s.unreferencedBytes()));
        }
        blobs.row("total", s.totalBlobs(), Formats.bytes(s.totalBytes()));
        blobs.row("to repack", s.repackBlobs(), Formats.bytes(s.repackBytes()));
        blobs.row("removed by repacking", s.repackRemovedBlobs(), Formats.bytes(s.repackRemovedBytes()));
        blobs.row("to delete", s.removeBlobs(), Formats.bytes(s.removeBytes() + s.unreferencedBytes()));
        blobs.row("total prune", s.prunedBlobs(), Formats.bytes(s.prunedBytes()));
        blobs.row("remaining", s.remainingBlobs(), Formats.bytes(s.remainingBytes()));
        blobs.footer("unused size after prune: " + Formats.bytes(s.unusedBytesAfter()) + " ("
                + Formats.percent(s.remainingBytes() == 0 ? 0 : (double) s.unusedBytesAfter() / s.remainingBytes())
                + " of remaining size)");
        out.infoTable(blobs);
        out.info("");

        Table packs = new Table("Packs", "Count", "Size").alignRight(1).alignRight(2);
        packs.row("kept", s.packsKeep(), Formats.bytes(size(plan, PackInfo.Action.KEEP)));
        packs.row(
                r.dryRun() ? "to repack" : "repacked",
                s.packsRepack(),
                Formats.bytes(size(plan, PackInfo.Action.REPACK)));
        packs.row(
                r.dryRun() ? "to delete (unused)" : "deleted (unused)",
                s.packsRemove(),
                Formats.bytes(size(plan, PackInfo.Action.DELETE)));
        packs.row(
                r.dryRun() ? "to delete (unreferenced)" : "deleted (unreferenced)",
                s.packsUnreferenced(),
                Formats.bytes(size(plan, PackInfo.Action.DELETE_UNREFERENCED)));
        if (s.packsForgotten() > 0) {
            packs.row("missing, dropped from the index", s.packsForgotten(), "");
        }
        out.infoTable(packs);

        Table detail = new Table("Pack", "Type", "Used", "Unused", "Used size", "Unused size", "Action")
                .alignRight(2)
                .alignRight(3)
                .alignRight(4)
                .alignRight(5);
        for (PackInfo p : plan.packs()) {
            if (p.action() != PackInfo.Action.KEEP || verbosity >= 2) {
                detail.row(
                        p.id().shortHex(),
                        lower(p.kind().name()),
                        p.usedBlobs(),
                        p.unusedBlobs(),
                        Formats.bytes(p.usedBytes()),
                        Formats.bytes(p.unusedBytes()),
                        lower(p.action().name()));
            }
        }
        if (detail.size() > 0 && verbosity >= 1) {
            out.info("");
            out.infoTable(detail);
        }
        out.info("");
        if (r.dryRun()) {
            out.info(
                    plan.nothingToDo()
                            ? "nothing to prune (dry run)"
                            : String.format(
                                    Locale.ROOT,
                                    "dry run: would delete %d packs (%s) and free about %s",
                                    plan.packs().size() - s.packsKeep() - s.packsForgotten(),
                                    Formats.bytes(plan.deletedPackBytes()),
                                    Formats.bytes(s.prunedBytes())));
        } else if (plan.nothingToDo()) {
            out.info("nothing to prune");
        } else {
            out.info(String.format(
                    Locale.ROOT,
                    "deleted %d packs (%s), wrote %d new packs (%d blobs), " + "wrote %d index files and removed %d",
                    r.packsDeleted(),
                    Formats.bytes(plan.deletedPackBytes()),
                    r.packsWritten(),
                    r.blobsCopied(),
                    r.indexFilesWritten(),
                    r.indexFilesRemoved()));
        }
    }

    private static long size(PrunePlan plan, PackInfo.Action action) {
        return plan.packs(action).stream()
                .mapToLong(p -> Math.max(0, p.storedSize()))
                .sum();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static List<String> ids(PrunePlan plan, PackInfo.Action action) {
        return plan.ids(action).stream().map(Id::hex).toList();
    }

    private static Map<String, Object> json(PruneResult r) {
        PrunePlan plan = r.plan();
        PruneStats s = plan.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_type", "summary");
        m.put("dry_run", r.dryRun());
        m.put("snapshots", r.snapshots());
        Map<String, Object> blobs = new LinkedHashMap<>();
        blobs.put("used", s.usedBlobs());
        blobs.put("duplicate", s.duplicateBlobs());
        blobs.put("unused", s.unusedBlobs());
        blobs.put("repack", s.repackBlobs());
        blobs.put("repack_removed", s.repackRemovedBlobs());
        blobs.put("remove", s.removeBlobs());
        blobs.put("kept", s.remainingBlobs());
        blobs.put("removed", s.prunedBlobs());
        m.put("blobs", blobs);
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("used", s.usedBytes());
        sizes.put("duplicate", s.duplicateBytes());
        sizes.put("unused", s.unusedBytes());
        sizes.put("unreferenced", s.unreferencedBytes());
        sizes.put("repack", s.repackBytes());
        sizes.put("repack_removed", s.repackRemovedBytes());
        sizes.put("remove", s.removeBytes());
        sizes.put("remaining", s.remainingBytes());
        sizes.put("unused_after", s.unusedBytesAfter());
        m.put("sizes", sizes);
        Map<String, Object> packs = new LinkedHashMap<>();
        packs.put("used", s.packsUsed());
        packs.put("partly_used", s.packsPartlyUsed());
        packs.put("unused", s.packsUnused());
        packs.put("unreferenced", s.packsUnreferenced());
        packs.put("keep", s.packsKeep());
        packs.put("repack", s.packsRepack());
        packs.put("remove", s.packsRemove());
        packs.put("forgotten", s.packsForgotten());
        m.put("packs", packs);
        m.put("packs_to_repack", ids(plan, PackInfo.Action.REPACK));
        m.put("packs_to_delete", ids(plan, PackInfo.Action.DELETE));
        m.put("unreferenced_packs", ids(plan, PackInfo.Action.DELETE_UNREFERENCED));
        m.put("missing_packs_forgotten", ids(plan, PackInfo.Action.FORGET_MISSING));
        m.put("bytes_freed", s.prunedBytes());
        m.put("deleted_pack_bytes", plan.deletedPackBytes());
        m.put("packs_written", r.packsWritten());
        m.put("blobs_copied", r.blobsCopied());
        m.put("index_files_written", r.indexFilesWritten());
        m.put("index_files_removed", r.indexFilesRemoved());
        m.put("packs_deleted", r.packsDeleted());
        return m;
    }
}
