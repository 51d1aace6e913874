package io.holdfast.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocationsTest {
    @Test
    void aLocalLocationIsItsDirectoryAndAnyOtherKindIsNone() {
        assertThat(Locations.localDirectory("/srv/repo")).isEqualTo(Path.of("/srv/repo"));
        assertThat(Locations.localDirectory("relative/repo")).isEqualTo(Path.of("relative/repo"));
        assertThat(Locations.localDirectory("local:/srv/repo")).isEqualTo(Path.of("/srv/repo"));
        assertThat(Locations.localDirectory("LOCAL:/srv/repo")).isEqualTo(Path.of("/srv/repo"));
        assertThat(Locations.localDirectory("s3:http://localhost:9000/bucket")).isNull();
        assertThat(Locations.localDirectory(" ")).isNull();
    }
}
