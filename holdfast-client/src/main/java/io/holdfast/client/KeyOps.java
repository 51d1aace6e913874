package io.holdfast.client;

import io.holdfast.format.Id;
import io.holdfast.repository.Keys;
import io.holdfast.repository.Repository;
import io.holdfast.repository.RepositoryLock;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Key management: list, add, remove, change password. */
public final class KeyOps {
    /** Takes the exclusive lock key changes need. */
    @FunctionalInterface
    interface Locker {
        @Nullable
        RepositoryLock lock() throws IOException;
    }

    private final Repository repo;
    private final Locker locker;

    KeyOps(Repository repo, Locker locker) {
        this.repo = repo;
        this.locker = locker;
    }

    /** A listed key and whether it is the one in use. */
    public record Listed(Id id, boolean current, String username, String hostname, String created) {}

    public List<Listed> list() throws IOException {
        return Keys.list(repo.backend()).stream()
                .map(k -> new Listed(
                        k.id(),
                        k.id().equals(repo.keyId()),
                        k.file().username(),
                        k.file().hostname(),
                        k.file().created()))
                .toList();
    }

    /** Adds a key for another password; returns its id. */
    public Id add(String newPassword) throws IOException {
        try (RepositoryLock l = locker.lock()) {
            return Keys.add(
                    repo.backend(),
                    repo.crypto().key(),
                    newPassword,
                    repo.options().kdf());
        }
    }

    /** Removes a key by id or unique id prefix; the key in use cannot be removed. */
    public Id remove(String idPrefix) throws IOException {
        try (RepositoryLock l = locker.lock()) {
            Id id = resolve(idPrefix);
            Keys.remove(repo, id);
            return id;
        }
    }

    /** Replaces the key in use with one for {@code newPassword}; returns the new key's id. */
    public Id changePassword(String newPassword) throws IOException {
        try (RepositoryLock l = locker.lock()) {
            Id added = Keys.add(
                    repo.backend(),
                    repo.crypto().key(),
                    newPassword,
                    repo.options().kdf());
            repo.backend()
                    .remove(new io.holdfast.storage.Handle(
                            io.holdfast.storage.FileType.KEY, repo.keyId().hex()));
            return added;
        }
    }

    private Id resolve(String prefix) throws IOException {
        List<Id> hits = Keys.list(repo.backend()).stream()
                .map(Keys.Info::id)
                .filter(i -> i.hex().startsWith(prefix.toLowerCase(java.util.Locale.ROOT)))
                .toList();
        if (hits.size() != 1) {
            throw new IllegalArgumentException(
                    hits.isEmpty() ? "no key matches '" + prefix + "'" : "key prefix '" + prefix + "' is ambiguous");
        }
        return hits.get(0);
    }
}
