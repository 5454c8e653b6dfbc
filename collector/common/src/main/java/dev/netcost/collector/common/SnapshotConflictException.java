package dev.netcost.collector.common;

import java.io.IOException;

/** A snapshot key already holds different bytes in the store: never overwritten, never retried. */
public final class SnapshotConflictException extends IOException {
  private static final long serialVersionUID = 1L;

  public SnapshotConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
