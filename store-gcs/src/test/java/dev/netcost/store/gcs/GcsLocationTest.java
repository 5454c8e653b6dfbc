package dev.netcost.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.netcost.store.ObjectStoreProvider;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

final class GcsLocationTest {
  @Test
  void parsesBucketAndPrefix() {
    assertThat(GcsLocation.parse(URI.create("gs://bucket")))
        .isEqualTo(GcsLocation.of("bucket", ""));
    assertThat(GcsLocation.parse(URI.create("gs://bucket/a/b/")))
        .isEqualTo(GcsLocation.of("bucket", "a/b"));
    assertThat(GcsLocation.of("bucket", "a").uri("x/y")).isEqualTo(URI.create("gs://bucket/a/x/y"));
  }

  @Test
  void rejectsOtherFormsNamingTheAcceptedOnes() {
    for (String uri :
        new String[] {"gs:///p", "gs://b/a//c", "gs://b/p?generation=1", "gcs://b/p"}) {
      assertThatThrownBy(() -> GcsLocation.parse(URI.create(uri)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Invalid GCS location: '" + uri + "' (expected gs://bucket or gs://bucket/prefix)");
    }
  }

  @Test
  void theProviderServesGs() {
    assertThat(
            ServiceLoader.load(ObjectStoreProvider.class).stream().map(ServiceLoader.Provider::get))
        .anySatisfy(provider -> assertThat(provider.schemes()).containsExactly("gs"));
  }

  @Test
  void describesAServiceAccountByItsEmail() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    ServiceAccountCredentials credentials =
        ServiceAccountCredentials.newBuilder()
            .setClientEmail("netcost@project.iam.gserviceaccount.com")
            .setPrivateKey(generator.generateKeyPair().getPrivate())
            .build();

    assertThat(GcsObjectStoreProvider.describe(credentials))
        .isEqualTo("service account netcost@project.iam.gserviceaccount.com");
  }
}
