package dev.netcost.collector.flows;

import java.io.IOException;
import java.util.function.Consumer;

/** Where table dumps come from: the conntrack tool over netlink, or {@code /proc}. */
interface ConntrackSource {
  /**
   * Streams every entry of the table to {@code consumer}. Malformed lines are skipped, logged and
   * counted, never fatal; a failure of the dump as a whole is an {@link IOException}.
   */
  DumpResult dump(DumpSink sink) throws IOException;

  /** Receives a dump. */
  interface DumpSink extends Consumer<ConntrackEntry> {
    /**
     * Whether the entry with this id and these counters is already known with exactly these
     * counters, so the line need not be parsed (the sink marks it as seen).
     */
    default boolean unchanged(long id, long[] idAndCounters) {
      return false;
    }
  }

  /** Whether DESTROY events are available alongside this source. */
  boolean hasEvents();

  String description();

  /** What one dump read. */
  record DumpResult(long entries, long malformedLines) {}
}
