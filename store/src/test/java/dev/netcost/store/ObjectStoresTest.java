package dev.netcost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ObjectStoresTest {
  private static final String ACCEPTED =
      "accepted: a local path, file:///path, s3://bucket/prefix, gs://bucket/prefix,"
          + " abfss://container@account.dfs.core.windows.net/prefix, az://account/container/prefix";

  @TempDir Path directory;

  @Test
  void pathsAndFileUrisAreLocalDirectories() throws Exception {
    try (ObjectStore byPath = ObjectStores.open(directory.toString());
        ObjectStore byUri = ObjectStores.open(directory.toUri().toString())) {
      byPath.createExclusive("a/b", new byte[] {1, 2, 3});

      assertThat(byUri).isInstanceOf(LocalObjectStore.class);
      assertThat(byUri.read("a/b")).containsExactly(1, 2, 3);
    }
  }

  @Test
  void unknownSchemesNameTheAcceptedForms() {
    // no adapter module is on this module's classpath
    for (String location : new String[] {"hdfs://namenode/netcost", "s3://bucket/prefix"}) {
      assertThatThrownBy(() -> ObjectStores.open(location))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Unsupported store location: '"
                  + location
                  + "' ("
                  + ACCEPTED
                  + "; cloud schemes need their adapter module on the classpath)");
    }
    assertThatThrownBy(() -> ObjectStores.open(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Store location is empty");
  }
}
