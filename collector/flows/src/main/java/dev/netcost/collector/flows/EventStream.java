package dev.netcost.collector.flows;

import java.io.IOException;

/** DESTROY events with final counters, delivered to a {@link Listener} on a reader thread. */
interface EventStream extends AutoCloseable {
  /** Receives events on the reader thread. */
  interface Listener {
    void destroyed(ConntrackEntry entry) throws InterruptedException;

    /** Events were lost (kernel {@code ENOBUFS}, or the reader restarted); a full dump follows. */
    void lost(String reason);
  }

  /** Subscribes and returns once the subscription exists, so no later DESTROY is missed. */
  void start() throws IOException;

  /** Whether the subscription is currently up. */
  boolean alive();

  @Override
  void close();
}
