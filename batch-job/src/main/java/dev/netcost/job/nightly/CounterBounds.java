package dev.netcost.job.nightly;

import org.apache.spark.sql.catalyst.InternalRow;

/**
 * What a link can carry: a flow row whose counter exceeds it for the row's window is damaged or
 * forged, and is quarantined rather than summed (docs/data-contract.md §2). The bounds are far
 * above any real interface — 400 Gbit/s (50·10^9 bytes/s) and 10^9 packets or connections per
 * second — so they never touch real traffic, and they keep every sum far from INT64 overflow: a row
 * holds at most 4.32·10^15 bytes (a day at the bound), and a table's sums overflow only past
 * 9.2·10^18.
 */
final class CounterBounds {
  static final long MAX_BYTES_PER_SECOND = 50_000_000_000L;
  static final long MAX_COUNT_PER_SECOND = 1_000_000_000L;

  /** Snapshot column positions of sent_bytes … connections (Tables.FLOW_SNAPSHOT). */
  private static final int FIRST_COUNT = Tables.FLOW_SNAPSHOT.fieldIndex("sent_bytes");

  private CounterBounds() {}

  /** The problem of {@code row}'s counters over a window of {@code windowMicros}, or null. */
  static String check(InternalRow row, long windowMicros) {
    for (int i = FIRST_COUNT; i < FIRST_COUNT + 5; i++) {
      long count = row.getLong(i);
      long perSecond = i < FIRST_COUNT + 2 ? MAX_BYTES_PER_SECOND : MAX_COUNT_PER_SECOND;
      // ceil(window seconds) × rate; windows are at most a day, so this cannot overflow
      long seconds = (windowMicros + 999_999L) / 1_000_000L;
      long bound = seconds * perSecond;
      if (count > bound) {
        String name = Tables.FLOW_SNAPSHOT.fields()[i].name();
        return name
            + " "
            + count
            + " exceeds what a link can carry in the "
            + seconds
            + " s window (at most "
            + bound
            + (i < FIRST_COUNT + 2 ? " bytes at 400 Gbit/s)" : " at 10^9 per second)");
      }
    }
    return null;
  }
}
