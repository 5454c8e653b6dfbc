package dev.netcost.collector.flows;

import java.util.Arrays;

/**
 * The accountant's per-connection state in primitive arrays: for each tracked connection its
 * identity (the key), its tuple hash, the four counters already counted, and one byte of flags (in
 * use, counted in the current window, seen by the current dump, dumps missed). Open addressing with
 * linear probing and backward-shift deletion, grown by half when seven eighths full: 49 bytes per
 * slot and no object per connection, so a full table of 262,144 connections, sized at start for 85
 * % load, is 308,405 slots or 15.1 MB, instead of the 170 bytes per connection of boxed keys and
 * objects in a hash map. (The keys are well mixed conntrack ids, so probe runs stay short at that
 * load: about 4 slots for a hit, which the dump's fast path takes for almost every entry.) Not
 * thread-safe.
 */
final class ConnectionTable {
  static final int MAX_MISSED = 0x1f;
  private static final byte USED = (byte) 0x80;
  private static final byte COUNTED = 0x40;
  private static final byte SEEN = 0x20;
  private static final int MIN_CAPACITY = 1024;

  private long[] keys;
  private long[] tupleHashes;
  private long[]
      counters; // 4 per slot: original packets, original bytes, reply packets, reply bytes
  private byte[] flags;
  private int size;

  ConnectionTable() {
    allocate(MIN_CAPACITY);
  }

  /**
   * Makes room for {@code expected} connections at once (at most 85 % full), so a table that is
   * already large when the agent starts is allocated once, not grown step by step (each step holds
   * the old and the new arrays at the same time).
   */
  void ensureCapacity(int expected) {
    long wanted = Math.min(Integer.MAX_VALUE / 4, (long) Math.ceil(expected / 0.85));
    if (wanted > keys.length) {
      rehash((int) wanted);
    }
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    tupleHashes = new long[capacity];
    counters = new long[capacity * 4];
    flags = new byte[capacity];
  }

  int size() {
    return size;
  }

  /** Slots, used or not: the bound of a loop over {@link #used(int)}. */
  int capacity() {
    return keys.length;
  }

  boolean used(int slot) {
    return (flags[slot] & USED) != 0;
  }

  private int home(long key, int capacity) {
    long mixed = key * 0x9E3779B97F4A7C15L;
    mixed ^= mixed >>> 29;
    return (int) (((mixed >>> 32) * capacity) >>> 32);
  }

  /** The slot of {@code key}, or -1. */
  int find(long key) {
    int capacity = keys.length;
    int slot = home(key, capacity);
    while ((flags[slot] & USED) != 0) {
      if (keys[slot] == key) {
        return slot;
      }
      if (++slot == capacity) {
        slot = 0;
      }
    }
    return -1;
  }

  /** Adds {@code key} (not present) with zero counters and no flags; returns its slot. */
  int insert(long key, long tupleHash) {
    if ((size + 1) * 8L > keys.length * 7L) {
      grow();
    }
    int capacity = keys.length;
    int slot = home(key, capacity);
    while ((flags[slot] & USED) != 0) {
      if (++slot == capacity) {
        slot = 0;
      }
    }
    keys[slot] = key;
    tupleHashes[slot] = tupleHash;
    Arrays.fill(counters, slot * 4, slot * 4 + 4, 0);
    flags[slot] = USED;
    size++;
    return slot;
  }

  private void grow() {
    rehash((int) Math.min(Integer.MAX_VALUE / 4, keys.length * 3L / 2));
  }

  private void rehash(int newCapacity) {
    long[] oldKeys = keys;
    long[] oldHashes = tupleHashes;
    long[] oldCounters = counters;
    byte[] oldFlags = flags;
    allocate(newCapacity);
    int capacity = keys.length;
    for (int old = 0; old < oldKeys.length; old++) {
      if ((oldFlags[old] & USED) == 0) {
        continue;
      }
      int slot = home(oldKeys[old], capacity);
      while ((flags[slot] & USED) != 0) {
        if (++slot == capacity) {
          slot = 0;
        }
      }
      keys[slot] = oldKeys[old];
      tupleHashes[slot] = oldHashes[old];
      System.arraycopy(oldCounters, old * 4, counters, slot * 4, 4);
      flags[slot] = oldFlags[old];
    }
  }

  /** Removes the entry at {@code slot}, shifting later entries of its probe run back. */
  void removeAt(int slot) {
    int capacity = keys.length;
    int hole = slot;
    int next = slot;
    while (true) {
      if (++next == capacity) {
        next = 0;
      }
      if ((flags[next] & USED) == 0) {
        break;
      }
      int wanted = home(keys[next], capacity);
      // the entry at next may move into the hole unless its home lies cyclically in (hole, next]
      boolean stays =
          hole <= next ? hole < wanted && wanted <= next : hole < wanted || wanted <= next;
      if (stays) {
        continue;
      }
      keys[hole] = keys[next];
      tupleHashes[hole] = tupleHashes[next];
      System.arraycopy(counters, next * 4, counters, hole * 4, 4);
      flags[hole] = flags[next];
      hole = next;
    }
    flags[hole] = 0;
    size--;
  }

  /** Removes {@code key} when present. */
  void remove(long key) {
    int slot = find(key);
    if (slot >= 0) {
      removeAt(slot);
    }
  }

  long key(int slot) {
    return keys[slot];
  }

  long tupleHash(int slot) {
    return tupleHashes[slot];
  }

  long originalPackets(int slot) {
    return counters[slot * 4];
  }

  long originalBytes(int slot) {
    return counters[slot * 4 + 1];
  }

  long replyPackets(int slot) {
    return counters[slot * 4 + 2];
  }

  long replyBytes(int slot) {
    return counters[slot * 4 + 3];
  }

  void setCounters(
      int slot, long originalPackets, long originalBytes, long replyPackets, long replyBytes) {
    int base = slot * 4;
    counters[base] = originalPackets;
    counters[base + 1] = originalBytes;
    counters[base + 2] = replyPackets;
    counters[base + 3] = replyBytes;
  }

  /** Forgets the counters and flags of a reused slot (a new connection under the same key). */
  void reset(int slot, long tupleHash) {
    tupleHashes[slot] = tupleHash;
    setCounters(slot, 0, 0, 0, 0);
    flags[slot] = USED;
  }

  boolean countedInWindow(int slot) {
    return (flags[slot] & COUNTED) != 0;
  }

  void setCountedInWindow(int slot, boolean counted) {
    flags[slot] = (byte) (counted ? flags[slot] | COUNTED : flags[slot] & ~COUNTED);
  }

  /** A new window: no connection has been counted in it yet. */
  void clearCounted() {
    for (int slot = 0; slot < flags.length; slot++) {
      flags[slot] &= ~COUNTED;
    }
  }

  boolean seen(int slot) {
    return (flags[slot] & SEEN) != 0;
  }

  /** Seen by the current dump: missed dumps back to 0. */
  void markSeen(int slot) {
    flags[slot] = (byte) ((flags[slot] & (USED | COUNTED)) | SEEN);
  }

  /** A new dump: nothing seen yet. */
  void clearSeen() {
    for (int slot = 0; slot < flags.length; slot++) {
      flags[slot] &= ~SEEN;
    }
  }

  int missedDumps(int slot) {
    return flags[slot] & MAX_MISSED;
  }

  void setMissedDumps(int slot, int missed) {
    flags[slot] = (byte) ((flags[slot] & ~MAX_MISSED) | Math.min(missed, MAX_MISSED));
  }

  /** Forgets every connection, keeping the capacity. */
  void clear() {
    Arrays.fill(flags, (byte) 0);
    size = 0;
  }
}
