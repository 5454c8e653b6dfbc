package dev.netcost.collector.common;

import static java.util.Objects.requireNonNull;

import dev.netcost.store.ObjectStore;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.Arrays;

/**
 * Publishes straight to a store with create-exclusive semantics. An object already present with the
 * same bytes is a retried upload and counts as success; different bytes under the same key is a
 * conflict and fails loudly rather than overwrite data.
 */
public final class StoreSnapshotSink implements SnapshotSink {
  private final ObjectStore store;

  public StoreSnapshotSink(ObjectStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  @Override
  public void publish(String key, byte[] snapshot) throws IOException {
    try {
      store.createExclusive(key, snapshot);
    } catch (FileAlreadyExistsException e) {
      if (!Arrays.equals(store.read(key), snapshot)) {
        throw new SnapshotConflictException(
            "Snapshot conflict: " + store.uri(key) + " exists with different content", e);
      }
    }
  }
}
