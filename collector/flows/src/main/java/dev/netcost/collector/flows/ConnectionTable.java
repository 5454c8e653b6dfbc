package dev.netcost.collector.flows;

import java.util.Arrays;

/**
 * The accountant's per-connection state in primitive arrays: for each tracked connection its
 * identity (the key), its tuple hash, the four counters already counted, and one byte of flags (in
 * use, counted in the current window, seen by the current dump, dumps missed). Open addressing with
 * linear probing and backward-shift deletion, grown by half when seven eighths full.
 *
 * <p>Two fields are kept narrow while their values allow it, exactly: the keys take 32 bits while
 * every key is a conntrack id (an unsigned 32-bit number; the first key that is not, a tuple hash
 * from a source without ids, turns the keys to 64 bits in place until {@link #clear()}), and the
 * four counters take 32 bits each while all four are below 2^32 - 1 (a connection's first 4 GiB and
 * 4 G packets: almost every connection on a node); the slot of a connection with a larger counter
 * keeps a marker and an index into a pool of 64-bit counters instead, so every value the kernel
 * reports, up to 2^64 - 1, is kept exactly. 29 bytes per slot (4 key, 8 tuple hash, 16 counters, 1
 * flags; 33 with 64-bit keys) and no object per connection, so a full table of 262,144 connections,
 * sized at start for 85 % load, is 308,405 slots or 8.9 MB (plus 32 bytes per connection past 4
 * GiB), instead of the 170 bytes per connection of boxed keys and objects in a hash map. (The keys
 * are well mixed conntrack ids, so probe runs stay short at that load: about 4 slots for a hit,
 * which the dump's fast path takes for almost every entry.) Not thread-safe.
 */
final class ConnectionTable {
  static final int MAX_MISSED = 0x1f;
  private static final byte USED = (byte) 0x80;
  private static final byte COUNTED = 0x40;
  private static final byte SEEN = 0x20;
  private static final int MIN_CAPACITY = 1024;

  /** In the first of a slot's four narrow counters: the four live in the wide pool. */
  private static final int WIDE = -1;

  /** The largest counter kept in 32 bits (2^32 - 2: 2^32 - 1 is the marker {@link #WIDE}). */
  private static final long NARROW_MAX = 0xFFFF_FFFEL;

  // the keys: 32 bits while every key is a conntrack id (unsigned 32-bit), else 64 (a source
  // without ids keys by the tuple hash); exactly one of the two is not null
  private int[] narrowKeys;
  private long[] wideKeys;
  private long[] tupleHashes;
  // 4 per slot, unsigned: original packets, original bytes, reply packets, reply bytes; or WIDE
  // and the index of the slot's four counters in widePool
  private int[] counters;
  private byte[] flags;
  private int size;
  // 4 per wide connection, in the order of counters; freed entries are listed in wideFree
  private long[] widePool = new long[0];
  private int wideUsed; // entries of widePool ever handed out (freed ones included)
  private int[] wideFree = new int[0];
  private int wideFreeCount;

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
    if (wanted > flags.length) {
      rehash((int) wanted);
    }
  }

  private void allocate(int capacity) {
    if (wideKeys == null) {
      narrowKeys = new int[capacity];
    } else {
      wideKeys = new long[capacity];
    }
    tupleHashes = new long[capacity];
    counters = new int[capacity * 4];
    flags = new byte[capacity];
  }

  int size() {
    return size;
  }

  /** Slots, used or not: the bound of a loop over {@link #used(int)}. */
  int capacity() {
    return flags.length;
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
    int capacity = flags.length;
    int slot = home(key, capacity);
    if (narrowKeys != null) {
      if (!fitsNarrowKey(key)) {
        return -1;
      }
      int narrow = (int) key;
      while ((flags[slot] & USED) != 0) {
        if (narrowKeys[slot] == narrow) {
          return slot;
        }
        if (++slot == capacity) {
          slot = 0;
        }
      }
      return -1;
    }
    while ((flags[slot] & USED) != 0) {
      if (wideKeys[slot] == key) {
        return slot;
      }
      if (++slot == capacity) {
        slot = 0;
      }
    }
    return -1;
  }

  private static boolean fitsNarrowKey(long key) {
    return key >= 0 && key <= 0xFFFF_FFFFL;
  }

  /** Whether the keys are kept in 32 bits (every key so far a conntrack id). */
  boolean narrowKeys() {
    return narrowKeys != null;
  }

  /** Keeps the keys in 64 bits from now on (until {@link #clear()}); no slot moves. */
  private void widenKeys() {
    wideKeys = new long[narrowKeys.length];
    for (int slot = 0; slot < narrowKeys.length; slot++) {
      wideKeys[slot] = Integer.toUnsignedLong(narrowKeys[slot]);
    }
    narrowKeys = null;
  }

  private void setKey(int slot, long key) {
    if (narrowKeys != null) {
      narrowKeys[slot] = (int) key;
    } else {
      wideKeys[slot] = key;
    }
  }

  /** Adds {@code key} (not present) with zero counters and no flags; returns its slot. */
  int insert(long key, long tupleHash) {
    if (narrowKeys != null && !fitsNarrowKey(key)) {
      widenKeys();
    }
    if ((size + 1) * 8L > flags.length * 7L) {
      grow();
    }
    int capacity = flags.length;
    int slot = home(key, capacity);
    while ((flags[slot] & USED) != 0) {
      if (++slot == capacity) {
        slot = 0;
      }
    }
    setKey(slot, key);
    tupleHashes[slot] = tupleHash;
    Arrays.fill(counters, slot * 4, slot * 4 + 4, 0); // an unused slot holds no pool entry
    flags[slot] = USED;
    size++;
    return slot;
  }

  private void grow() {
    rehash((int) Math.min(Integer.MAX_VALUE / 4, flags.length * 3L / 2));
  }

  private void rehash(int newCapacity) {
    int[] oldNarrowKeys = narrowKeys;
    long[] oldWideKeys = wideKeys;
    long[] oldHashes = tupleHashes;
    int[] oldCounters = counters;
    byte[] oldFlags = flags;
    allocate(newCapacity);
    int capacity = flags.length;
    for (int old = 0; old < oldFlags.length; old++) {
      if ((oldFlags[old] & USED) == 0) {
        continue;
      }
      long key =
          oldNarrowKeys != null ? Integer.toUnsignedLong(oldNarrowKeys[old]) : oldWideKeys[old];
      int slot = home(key, capacity);
      while ((flags[slot] & USED) != 0) {
        if (++slot == capacity) {
          slot = 0;
        }
      }
      setKey(slot, key);
      tupleHashes[slot] = oldHashes[old];
      System.arraycopy(oldCounters, old * 4, counters, slot * 4, 4);
      flags[slot] = oldFlags[old];
    }
  }

  /** Removes the entry at {@code slot}, shifting later entries of its probe run back. */
  void removeAt(int slot) {
    freeWide(slot);
    int capacity = flags.length;
    int hole = slot;
    int next = slot;
    while (true) {
      if (++next == capacity) {
        next = 0;
      }
      if ((flags[next] & USED) == 0) {
        break;
      }
      long nextKey = key(next);
      int wanted = home(nextKey, capacity);
      // the entry at next may move into the hole unless its home lies cyclically in (hole, next]
      boolean stays =
          hole <= next ? hole < wanted && wanted <= next : hole < wanted || wanted <= next;
      if (stays) {
        continue;
      }
      setKey(hole, nextKey);
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
    return narrowKeys != null ? Integer.toUnsignedLong(narrowKeys[slot]) : wideKeys[slot];
  }

  long tupleHash(int slot) {
    return tupleHashes[slot];
  }

  long originalPackets(int slot) {
    return counter(slot, 0);
  }

  long originalBytes(int slot) {
    return counter(slot, 1);
  }

  long replyPackets(int slot) {
    return counter(slot, 2);
  }

  long replyBytes(int slot) {
    return counter(slot, 3);
  }

  private long counter(int slot, int which) {
    int base = slot * 4;
    if (counters[base] != WIDE) {
      return Integer.toUnsignedLong(counters[base + which]);
    }
    return widePool[counters[base + 1] * 4 + which];
  }

  /** Whether the slot's counters are kept in 64 bits (one of them is 2^32 - 1 or more). */
  boolean wide(int slot) {
    return counters[slot * 4] == WIDE;
  }

  void setCounters(
      int slot, long originalPackets, long originalBytes, long replyPackets, long replyBytes) {
    int base = slot * 4;
    if (fitsNarrow(originalPackets)
        && fitsNarrow(originalBytes)
        && fitsNarrow(replyPackets)
        && fitsNarrow(replyBytes)) {
      freeWide(slot);
      counters[base] = (int) originalPackets;
      counters[base + 1] = (int) originalBytes;
      counters[base + 2] = (int) replyPackets;
      counters[base + 3] = (int) replyBytes;
      return;
    }
    int index;
    if (counters[base] == WIDE) {
      index = counters[base + 1];
    } else {
      index = allocateWide();
      counters[base] = WIDE;
      counters[base + 1] = index;
    }
    int wideBase = index * 4;
    widePool[wideBase] = originalPackets;
    widePool[wideBase + 1] = originalBytes;
    widePool[wideBase + 2] = replyPackets;
    widePool[wideBase + 3] = replyBytes;
  }

  // unsigned: the kernel's counters are unsigned 64-bit, so a negative long is above 2^63
  private static boolean fitsNarrow(long value) {
    return value >= 0 && value <= NARROW_MAX;
  }

  private int allocateWide() {
    if (wideFreeCount > 0) {
      return wideFree[--wideFreeCount];
    }
    if (wideUsed * 4 == widePool.length) {
      widePool = Arrays.copyOf(widePool, Math.max(64, widePool.length * 2));
    }
    return wideUsed++;
  }

  /** Returns the slot's pool entry, if it has one; the pool is released once it is empty. */
  private void freeWide(int slot) {
    int base = slot * 4;
    if (counters[base] != WIDE) {
      return;
    }
    if (wideFreeCount == wideFree.length) {
      wideFree = Arrays.copyOf(wideFree, Math.max(16, wideFree.length * 2));
    }
    wideFree[wideFreeCount++] = counters[base + 1];
    counters[base] = 0;
    if (wideFreeCount == wideUsed) {
      releaseWidePool();
    }
  }

  private void releaseWidePool() {
    widePool = new long[0];
    wideUsed = 0;
    wideFree = new int[0];
    wideFreeCount = 0;
  }

  /** Connections whose counters are kept in 64 bits. */
  int wideConnections() {
    return wideUsed - wideFreeCount;
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
    if (wideKeys != null) {
      narrowKeys = new int[wideKeys.length];
      wideKeys = null;
    }
    Arrays.fill(flags, (byte) 0);
    Arrays.fill(counters, 0);
    releaseWidePool();
    size = 0;
  }
}
