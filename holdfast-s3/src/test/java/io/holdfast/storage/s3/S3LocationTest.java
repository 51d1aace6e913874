package io.holdfast.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3LocationTest {
    @Test
    void readsResticsForms() {
        assertThat(S3Location.parse("s3:https://minio.lan:9000/backups/hf/prod"))
                .isEqualTo(new S3Location(URI.create("https://minio.lan:9000"), "backups", "hf/prod"));
        assertThat(S3Location.parse("s3:http://127.0.0.1:9000/bucket"))
                .isEqualTo(new S3Location(URI.create("http://127.0.0.1:9000"), "bucket", ""));
        assertThat(S3Location.parse("s3:s3.amazonaws.com/bucket/a//b/./c/"))
                .isEqualTo(new S3Location(URI.create("https://s3.amazonaws.com"), "bucket", "a/b/c"));
        assertThat(S3Location.parse("s3://s3.eu-west-1.amazonaws.com/b/p").endpoint())
                .isEqualTo(URI.create("https://s3.eu-west-1.amazonaws.com"));
    }

    @Test
    void keysFollowResticsLayout() {
        S3Location l = S3Location.parse("s3:http://h:1/b/pre/fix");
        assertThat(l.key("data/ab/abcd")).isEqualTo("pre/fix/data/ab/abcd");
        assertThat(S3Location.parse("s3:http://h:1/b").key("config")).isEqualTo("config");
        assertThat(l).hasToString("s3:http://h:1/b/pre/fix");
    }

    @Test
    void plainHttpOnlyWhenWrittenSo() {
        assertThat(S3Location.parse("s3:minio.lan:9000/b").endpoint().getScheme())
                .isEqualTo("https");
        assertThat(S3Location.parse("s3:HTTP://minio.lan:9000/b").endpoint().getScheme())
                .isEqualTo("http");
    }

    @Test
    void bucketsByNameOnAmazonByPathElsewhere() {
        S3Settings auto = S3Settings.from(Map.of());
        assertThat(auto.pathStyle(S3Location.parse("s3:s3.amazonaws.com/b"))).isFalse();
        assertThat(auto.pathStyle(S3Location.parse("s3:http://127.0.0.1:9000/b")))
                .isTrue();
        assertThat(S3Settings.from(Map.of("HOLDFAST_S3_BUCKET_LOOKUP", "dns"))
                        .pathStyle(S3Location.parse("s3:http://127.0.0.1:9000/b")))
                .isFalse();
    }

    @Test
    void settingsFromTheEnvironment() {
        assertThat(S3Settings.from(Map.of()))
                .isEqualTo(new S3Settings(S3Settings.DEFAULT_CONNECTIONS, null, "auto", null));
        assertThat(S3Settings.from(Map.of("HOLDFAST_S3_CONNECTIONS", "32", "AWS_DEFAULT_REGION", "eu-west-1")))
                .isEqualTo(new S3Settings(32, "eu-west-1", "auto", null));
        assertThat(S3Settings.from(Map.of("AWS_REGION", "a", "AWS_DEFAULT_REGION", "b"))
                        .region())
                .isEqualTo("a");
        assertThatThrownBy(() -> S3Settings.from(Map.of("HOLDFAST_S3_CONNECTIONS", "many")))
                .hasMessageContaining("must be a number");
        assertThatThrownBy(() -> S3Settings.from(Map.of("HOLDFAST_S3_BUCKET_LOOKUP", "guess")))
                .hasMessageContaining("auto, dns or path");
    }

    @Test
    void malformedLocationsSayWhatIsExpected() {
        assertThatThrownBy(() -> S3Location.parse("s3:http://host:9000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3:https://host[:port]/bucket");
        assertThatThrownBy(() -> S3Location.parse("s3:")).hasMessageContaining("bucket name missing");
        assertThatThrownBy(() -> S3Location.parse("s3:host")).hasMessageContaining("bucket name missing");
    }
}
