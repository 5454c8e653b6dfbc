package dev.netcost.collector.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The primitive connection table against a HashMap model, under random inserts and removals. */
class ConnectionTableTest {
  private static void check(ConnectionTable table, Map<Long, long[]> model) {
    assertThat(table.size()).isEqualTo(model.size());
    int used = 0;
    for (int slot = 0; slot < table.capacity(); slot++) {
      if (!table.used(slot)) {
        continue;
      }
      used++;
      long[] expected = model.get(table.key(slot));
      assertThat(expected).as("key %d is in the model", table.key(slot)).isNotNull();
      assertThat(table.find(table.key(slot))).isEqualTo(slot);
      assertThat(
              new long[] {
                table.tupleHash(slot),
                table.originalPackets(slot),
                table.originalBytes(slot),
                table.replyPackets(slot),
                table.replyBytes(slot),
                table.countedInWindow(slot) ? 1 : 0,
                table.missedDumps(slot)
              })
          .containsExactly(expected);
    }
    assertThat(used).isEqualTo(model.size());
    long wide =
        model.values().stream()
            .filter(v -> Arrays.stream(v, 1, 5).anyMatch(c -> c < 0 || c > 0xFFFF_FFFEL))
            .count();
    assertThat(table.wideConnections()).isEqualTo(wide);
  }

  @Test
  void behavesLikeAMapThroughGrowthWrapAroundAndBackwardShiftDeletion() {
    for (long seed : new long[] {1, 2, 3}) {
      Random random = new Random(seed);
      ConnectionTable table = new ConnectionTable();
      Map<Long, long[]> model = new HashMap<>();
      // keys from a small range (dense clusters) and 32-bit conntrack ids (32-bit keys), then
      // from the whole long range too (the keys turn to 64 bits in place)
      for (int step = 0; step < 60_000; step++) {
        if (step == 30_000) {
          check(table, model);
          assertThat(table.narrowKeys()).isTrue();
        }
        long key =
            random.nextBoolean()
                ? random.nextInt(3000)
                : step < 30_000 ? random.nextInt() & 0xffffffffL : random.nextLong();
        if (random.nextInt(3) == 0 && !model.isEmpty()) {
          // remove a key that is there (the first of the model) or a random one (often absent)
          long removed = random.nextBoolean() ? model.keySet().iterator().next() : key;
          table.remove(removed);
          model.remove(removed);
          continue;
        }
        int slot = table.find(key);
        if (slot < 0) {
          slot = table.insert(key, key * 31);
          model.put(key, new long[] {key * 31, 0, 0, 0, 0, 0, 0});
        }
        long[] values = model.get(key);
        // counters kept in 32 bits and in 64 (any 64-bit pattern: the kernel's are unsigned)
        long packets = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(1000);
        long bytes =
            random.nextBoolean() ? random.nextLong() >>> 1 : random.nextInt() & 0xffffffffL;
        table.setCounters(slot, packets, bytes, packets + 1, bytes / 2);
        values[1] = packets;
        values[2] = bytes;
        values[3] = packets + 1;
        values[4] = bytes / 2;
        boolean counted = random.nextBoolean();
        table.setCountedInWindow(slot, counted);
        values[5] = counted ? 1 : 0;
        int missed = random.nextInt(ConnectionTable.MAX_MISSED + 1);
        table.setMissedDumps(slot, missed);
        values[6] = missed;
        if (step % 5000 == 0) {
          check(table, model);
        }
      }
      check(table, model);
      assertThat(table.narrowKeys()).isFalse();
      assertThat(table.size()).isGreaterThan(1000);
      table.clearCounted();
      model.values().forEach(v -> v[5] = 0);
      check(table, model);
      table.clear();
      model.clear();
      check(table, model);
      assertThat(table.narrowKeys()).isTrue();
    }
  }

  @Test
  void countersUpToTwoToTheSixtyFourMinusOneAreKeptExactly() {
    ConnectionTable table = new ConnectionTable();
    int narrow = table.insert(1, 11);
    table.setCounters(narrow, 0xFFFF_FFFEL, 0xFFFF_FFFEL, 0, 1);
    int wide = table.insert(2, 12);
    table.setCounters(wide, 3, 0xFFFF_FFFFL, 5, 0x1_0000_0000L);
    int top = table.insert(3, 13);
    table.setCounters(top, -1L, Long.MIN_VALUE, Long.MAX_VALUE, -2L); // 2^64 - 1, 2^63, ...
    assertThat(table.wide(narrow)).isFalse();
    assertThat(table.wide(wide)).isTrue();
    assertThat(table.wideConnections()).isEqualTo(2);
    assertThat(counters(table, narrow)).containsExactly(0xFFFF_FFFEL, 0xFFFF_FFFEL, 0, 1);
    assertThat(counters(table, wide)).containsExactly(3, 0xFFFF_FFFFL, 5, 0x1_0000_0000L);
    assertThat(counters(table, top)).containsExactly(-1L, Long.MIN_VALUE, Long.MAX_VALUE, -2L);

    // a reset connection goes back to 32 bits and returns its pool entry, which is reused
    table.reset(wide, 22);
    assertThat(table.wide(wide)).isFalse();
    assertThat(counters(table, wide)).containsExactly(0, 0, 0, 0);
    assertThat(table.wideConnections()).isEqualTo(1);
    table.setCounters(narrow, 1, 1L << 40, 1, 1);
    assertThat(table.wideConnections()).isEqualTo(2);
    assertThat(counters(table, narrow)).containsExactly(1, 1L << 40, 1, 1);
    assertThat(counters(table, top)).containsExactly(-1L, Long.MIN_VALUE, Long.MAX_VALUE, -2L);

    // removed and forgotten connections return theirs
    table.remove(3);
    assertThat(table.wideConnections()).isEqualTo(1);
    table.clear();
    assertThat(table.wideConnections()).isZero();
    int again = table.insert(2, 12);
    assertThat(table.wide(again)).isFalse();
    assertThat(counters(table, again)).containsExactly(0, 0, 0, 0);
  }

  private static long[] counters(ConnectionTable table, int slot) {
    return new long[] {
      table.originalPackets(slot),
      table.originalBytes(slot),
      table.replyPackets(slot),
      table.replyBytes(slot)
    };
  }

  @Test
  void seenFlagsAreClearedPerDumpAndMarkingSeenResetsMissedDumps() {
    ConnectionTable table = new ConnectionTable();
    int slot = table.insert(42, 7);
    table.setMissedDumps(slot, 3);
    table.setCountedInWindow(slot, true);
    assertThat(table.seen(slot)).isFalse();
    table.markSeen(slot);
    assertThat(table.seen(slot)).isTrue();
    assertThat(table.missedDumps(slot)).isZero();
    assertThat(table.countedInWindow(slot)).isTrue();
    table.clearSeen();
    assertThat(table.seen(slot)).isFalse();
    assertThat(table.countedInWindow(slot)).isTrue();
    table.reset(slot, 8);
    assertThat(table.countedInWindow(slot)).isFalse();
    assertThat(table.tupleHash(slot)).isEqualTo(8);
    assertThat(table.find(42)).isEqualTo(slot);
  }

  @Test
  void aFullKernelTableFitsTheSizeChosenAtStartWithoutGrowing() {
    ConnectionTable table = new ConnectionTable();
    table.ensureCapacity(262_144);
    assertThat(table.capacity()).isEqualTo(308_405); // 262,144 / 0.85, rounded up: 8.9 MB
    Random random = new Random(7);
    for (int i = 0; i < 262_144; i++) {
      long key;
      do {
        key = random.nextInt() & 0xffffffffL; // conntrack ids are 32 bits
      } while (table.find(key) >= 0);
      table.insert(key, i);
    }
    assertThat(table.capacity()).isEqualTo(308_405);
    assertThat(table.narrowKeys()).isTrue();
    for (int i = 262_144; i < 269_854; i++) { // up to seven eighths of the slots
      table.insert(-1 - i, i);
    }
    assertThat(table.capacity()).isEqualTo(308_405);
    table.insert(-1 - 269_854, 0);
    assertThat(table.capacity()).isEqualTo(462_607); // grown by half
    assertThat(table.size()).isEqualTo(269_855);
    assertThat(table.narrowKeys()).isFalse();
    assertThat(table.find(-1 - 269_854)).isGreaterThanOrEqualTo(0);
  }
}
