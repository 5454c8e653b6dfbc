package dev.netcost.collector.common;

import java.io.IOException;

/**
 * Where a collector hands a finished snapshot: the spool-and-upload path (durable local spool, then
 * an idempotent upload to the configured store) or, in tests, a store directly. {@code key} is the
 * object key from {@link dev.netcost.contract.ObjectKeys}; publishing the same key with the same
 * bytes twice is harmless.
 */
public interface SnapshotSink {
  void publish(String key, byte[] snapshot) throws IOException;
}
