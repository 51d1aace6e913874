/*
 * Makes a repository with many snapshots quickly, for measuring how long listing them takes:
 *
 *   HOLDFAST_PASSWORD=... java -cp holdfast-cli/target/holdfast-cli.jar bench/ManySnapshots.java REPO COUNT DIR
 *
 * REPO must exist (holdfast init or restic init). Backs DIR up once through the Holdfast client facade, then writes
 * COUNT - 1 more snapshots of the same tree, one minute apart, each the parent of the next: the snapshot files are
 * what `snapshots` reads, so this is the same work for Holdfast and restic as COUNT real backups, minus the backups.
 */
import io.holdfast.client.Holdfast;
import io.holdfast.engine.BackupOptions;
import io.holdfast.engine.BackupProgress;
import io.holdfast.engine.Snapshots;
import io.holdfast.format.Id;
import io.holdfast.format.snapshot.Snapshot;
import io.holdfast.repository.RepositoryOptions;
import io.holdfast.storage.FileType;
import java.nio.file.Path;
import java.util.List;

public class ManySnapshots {
    public static void main(String[] args) throws Exception {
        String repo = args[0];
        int count = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]).toAbsolutePath();
        String password = System.getenv("HOLDFAST_PASSWORD");
        if (password == null) {
            throw new IllegalArgumentException("set HOLDFAST_PASSWORD");
        }
        try (Holdfast h = Holdfast.open(repo, password, RepositoryOptions.DEFAULTS, false)) {
            Id first = h.backup(BackupOptions.DEFAULTS.withPaths(dir), BackupProgress.NONE).snapshotId();
            Snapshots.Ref ref = h.snapshot(first.hex());
            Snapshot s = ref.snapshot();
            Id parent = first;
            for (int i = 1; i < count; i++) {
                Snapshot next = s.toBuilder()
                        .time(s.time().plusMinutes(i))
                        .parent(parent)
                        .tags(List.of("bench", "n" + i))
                        .build();
                parent = h.repository().saveJson(FileType.SNAPSHOT, next.toJson());
            }
        }
        System.out.println(count + " snapshots in " + repo);
    }
}
