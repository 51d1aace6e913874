package io.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathMatchTest {
    @Test
    void matchesLikeResticsFilterMatch() {
        assertThat(PathMatch.of("d1", false).matches("/rt/d1")).isTrue();
        assertThat(PathMatch.of("d1", false).matches("/rt/d1/a")).isTrue(); // below a match
        assertThat(PathMatch.of("d1", false).matches("/rt/d10")).isFalse();
        assertThat(PathMatch.of("*.bin", false).matches("/srv/w/model.bin")).isTrue();
        assertThat(PathMatch.of("*.BIN", true).matches("/srv/w/model.bin")).isTrue();
        assertThat(PathMatch.of("*.BIN", false).matches("/srv/w/model.bin")).isFalse();
        assertThat(PathMatch.of("/srv/w", false).matches("/srv/w/model.bin")).isTrue();
        assertThat(PathMatch.of("/w", false).matches("/srv/w/model.bin")).isFalse(); // anchored at the root
        assertThat(PathMatch.of("srv/**/x", false).matches("/srv/a/b/x")).isTrue();
        assertThat(PathMatch.of("srv/**/x", false).matches("/srv/x")).isTrue();
        assertThat(PathMatch.of("w/m?del.bin", false).matches("/srv/w/model.bin"))
                .isTrue();
        assertThat(PathMatch.of("*", false).matches("/")).isFalse();
    }
}
