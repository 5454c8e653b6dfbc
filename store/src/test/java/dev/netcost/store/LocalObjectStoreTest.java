package dev.netcost.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

final class LocalObjectStoreTest extends AbstractObjectStoreTest {
  @TempDir Path directory;

  @Override
  protected ObjectStore createStore() throws Exception {
    return new LocalObjectStore(Files.createTempDirectory(directory, "store-"));
  }
}
