package io.holdfast.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.storage.local.LocalBackendProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendRegistryTest {
    @Test
    void schemesAreWhatComesBeforeTheColon() {
        assertThat(BackendRegistry.schemeOf("/srv/repo")).isEqualTo("local");
        assertThat(BackendRegistry.schemeOf("relative/repo")).isEqualTo("local");
        assertThat(BackendRegistry.schemeOf("local:/srv/repo")).isEqualTo("local");
        assertThat(BackendRegistry.schemeOf("S3:https://h/b")).isEqualTo("s3");
        assertThat(BackendRegistry.schemeOf("sftp:host:/repo")).isEqualTo("sftp");
        assertThat(BackendRegistry.schemeOf("C:\\\\repo")).isEqualTo("local");
    }

    @Test
    void theLocalProviderIsFoundOnTheClassPathAndOpensPaths(@TempDir Path dir) throws Exception {
        BackendRegistry registry = BackendRegistry.load();
        assertThat(registry.schemes()).contains("local");
        try (Backend b = registry.open(dir.resolve("r").toString(), Map.of())) {
            assertThat(b.location()).isEqualTo(dir.resolve("r").toString());
        }
        try (Backend b = registry.open("local:" + dir.resolve("r"), Map.of())) {
            assertThat(b.location()).isEqualTo(dir.resolve("r").toString());
        }
    }

    @Test
    void anUnknownSchemeNamesTheSupportedOnes() {
        BackendRegistry registry = BackendRegistry.of(List.of(new LocalBackendProvider()));
        assertThatThrownBy(() -> registry.open("sftp:host:/repo", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repository type 'sftp' is not supported; use one of: /path or local:/path");
        assertThatThrownBy(() -> registry.open(" ", Map.of())).hasMessageContaining("no repository given");
        assertThatThrownBy(() -> BackendRegistry.of(List.of(new LocalBackendProvider(), new LocalBackendProvider())))
                .hasMessageContaining("two backends for scheme local");
    }

    /** A provider of another scheme that opens a local directory: {@code fake:/path}. */
    private record Fake(String scheme) implements BackendProvider {
        @Override
        public String example() {
            return scheme + ":/path";
        }

        @Override
        public Backend open(String location, Map<String, String> environment) throws IOException {
            return new LocalBackendProvider().open("local:" + location.substring(scheme.length() + 1), environment);
        }
    }

    @Test
    void builtInSchemesOpenWithoutSearchingTheClassPathAndOthersSearchOnce(@TempDir Path dir) throws Exception {
        AtomicInteger searches = new AtomicInteger();
        BackendRegistry registry = new BackendRegistry(List.of(new LocalBackendProvider()), () -> {
            searches.incrementAndGet();
            return List.of(new Fake("fake"), new Fake("local"));
        });
        try (Backend b = registry.open(dir.resolve("a").toString(), Map.of());
                Backend c = registry.open("local:" + dir.resolve("b"), Map.of())) {
            assertThat(b.location()).isEqualTo(dir.resolve("a").toString());
            assertThat(c.location()).isEqualTo(dir.resolve("b").toString());
        }
        assertThat(searches).hasValue(0);

        try (Backend b = registry.open("fake:" + dir.resolve("c"), Map.of());
                Backend c = registry.open("FAKE:" + dir.resolve("d"), Map.of())) {
            assertThat(b.location()).isEqualTo(dir.resolve("c").toString());
            assertThat(c.location()).isEqualTo(dir.resolve("d").toString());
        }
        assertThatThrownBy(() -> registry.open("sftp:host:/repo", Map.of()))
                .hasMessage("repository type 'sftp' is not supported; use one of: fake:/path, /path or local:/path");
        // the built-in provider wins over one found for its scheme
        assertThat(registry.schemes()).containsExactly("fake", "local");
        assertThat(searches).hasValue(1);
    }

    @Test
    void theReleaseRegistryFindsTheLocalProviderWithoutASearchAndOthersOnTheClassPath(@TempDir Path dir)
            throws Exception {
        BackendRegistry registry = BackendRegistry.load(List.of(new LocalBackendProvider()));
        try (Backend b = registry.open(dir.resolve("r").toString(), Map.of())) {
            assertThat(b.location()).isEqualTo(dir.resolve("r").toString());
        }
        assertThat(registry.schemes()).contains("local");
    }
}
