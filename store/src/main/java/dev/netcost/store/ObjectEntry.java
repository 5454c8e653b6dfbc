package dev.netcost.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One object found by a listing: its key, size in bytes and last modification time (UTC). */
public record ObjectEntry(String key, long sizeBytes, Instant lastModified) {
  public ObjectEntry {
    Keys.check(key);
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes is negative: " + sizeBytes + " for " + key);
    }
    requireNonNull(lastModified, "lastModified is null");
  }
}
