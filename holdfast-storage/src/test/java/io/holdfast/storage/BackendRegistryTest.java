package io.holdfast.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.storage.local.LocalBackendProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
}
