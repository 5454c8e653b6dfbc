package dev.netcost.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.store.ObjectStore;
import dev.netcost.store.ObjectStores;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class S3LocationTest {
  @Test
  void parsesBucketAndPrefix() {
    assertThat(S3Location.parse(URI.create("s3://bucket"))).isEqualTo(S3Location.of("bucket", ""));
    assertThat(S3Location.parse(URI.create("s3://bucket/"))).isEqualTo(S3Location.of("bucket", ""));
    assertThat(S3Location.parse(URI.create("s3://my.bucket/a/b/")))
        .isEqualTo(S3Location.of("my.bucket", "a/b"));
    assertThat(S3Location.of("bucket", "a/b").uri(("c/d")))
        .isEqualTo(URI.create("s3://bucket/a/b/c/d"));
    assertThat(S3Location.of("bucket", "").uri()).isEqualTo(URI.create("s3://bucket"));
  }

  @Test
  void rejectsOtherFormsNamingTheAcceptedOnes() {
    for (String uri :
        new String[] {
          "s3:///path",
          "s3://bucket/a//b",
          "s3://bucket/a?versionId=1",
          "s3a://b/p",
          "s3://key:secret@bucket/p"
        }) {
      assertThatThrownBy(() -> S3Location.parse(URI.create(uri)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Invalid S3 location: '" + uri + "' (expected s3://bucket or s3://bucket/prefix)");
    }
  }

  @Test
  void settingsComeFromTheEnvironment() {
    assertThat(S3Settings.fromEnvironment(Map.<String, String>of()::get))
        .isEqualTo(new S3Settings(java.util.Optional.empty(), false, 5, 1000));
    assertThat(
            S3Settings.fromEnvironment(
                Map.of("NETCOST_S3_ENDPOINT", "http://minio.minio:9000")::get))
        .isEqualTo(
            new S3Settings(
                java.util.Optional.of(URI.create("http://minio.minio:9000")), true, 5, 1000));
    assertThat(
            S3Settings.fromEnvironment(
                    Map.of(
                            "NETCOST_S3_ENDPOINT",
                            "https://s3.example.com",
                            "NETCOST_S3_PATH_STYLE",
                            "false")
                        ::get)
                .pathStyle())
        .isFalse();
    assertThatThrownBy(
            () -> S3Settings.fromEnvironment(Map.of("NETCOST_S3_ENDPOINT", "minio:9000")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid NETCOST_S3_ENDPOINT: 'minio:9000' (expected http://host:port or"
                + " https://host:port)");
    assertThatThrownBy(
            () ->
                S3Settings.fromEnvironment(
                    Map.of("NETCOST_S3_ENDPOINT", "http://m:9000", "NETCOST_S3_PATH_STYLE", "yes")
                        ::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid NETCOST_S3_PATH_STYLE: 'yes' (expected true or false)");
  }

  @Test
  void objectStoresFindsTheAdapterForS3() throws Exception {
    // the region comes from the aws.region system property set for tests: no instance metadata
    try (ObjectStore store = ObjectStores.open("s3://netcost-bucket/clusters/prod")) {
      assertThat(store).isInstanceOf(S3ObjectStore.class);
      assertThat(store.root()).isEqualTo(URI.create("s3://netcost-bucket/clusters/prod"));
      assertThat(store.uri("flows/x"))
          .isEqualTo(URI.create("s3://netcost-bucket/clusters/prod/flows/x"));
    }
    assertThatThrownBy(() -> ObjectStores.open("s3://"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid store location: 's3://' (accepted: a local path,");
    assertThatThrownBy(() -> ObjectStores.open("s3:///no-bucket"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid S3 location: 's3:///no-bucket' (expected s3://bucket or s3://bucket/prefix)");
  }
}
