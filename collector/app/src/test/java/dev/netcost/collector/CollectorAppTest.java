package dev.netcost.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.store.ObjectStoreProvider;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The collector program carries both collectors and every store adapter. */
class CollectorAppTest {
  @Test
  void bothCollectorsAreSubcommandsOfCollect() {
    CommandLine root = CollectorMain.commandLine();
    assertThat(root.getSubcommands().get("collect").getSubcommands().keySet())
        .containsExactlyInAnyOrder("flows", "metadata");
  }

  @Test
  void aMalformedCommandLineIsBadInput() {
    assertThat(CollectorMain.commandLine().execute("collect", "metadata", "--no-such-option"))
        .isEqualTo(1);
  }

  @Test
  void everyCloudSchemeHasItsAdapter() {
    java.util.Set<String> schemes = new java.util.TreeSet<>();
    for (ObjectStoreProvider provider : java.util.ServiceLoader.load(ObjectStoreProvider.class)) {
      schemes.addAll(provider.schemes());
    }
    assertThat(schemes).contains("s3", "gs", "abfss", "az");
  }
}
