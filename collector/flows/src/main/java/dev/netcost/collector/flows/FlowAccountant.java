package dev.netcost.collector.flows;

import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.Metrics;
import dev.netcost.contract.Direction;
import dev.netcost.contract.FlowRecord;
import dev.netcost.contract.Protocol;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exact per-connection accounting. For every conntrack entry it remembers the counters already
 * counted; a table dump adds the difference to the current window, and a DESTROY event adds the
 * difference between the final counters and the last counted ones, then forgets the entry. So every
 * byte of every connection is counted exactly once: a connection shorter than the poll interval
 * through its DESTROY event alone, the tail of a long one through its DESTROY event after the
 * dumps.
 *
 * <p>Races between a dump and events are resolved as follows. A DESTROY leaves a tombstone for one
 * more dump, so a dump that still lists the entry does not resurrect it. An entry missing from a
 * dump is kept for {@code vanishGraceDumps} more dumps, so a DESTROY event still queued for it
 * counts only its tail; after that it is forgotten and counted in {@code
 * netcost_conntrack_connections_vanished_total} (its bytes since the last dump are lost: this
 * happens only when DESTROY events were lost). An id reused by a different tuple, and counters that
 * went down (only possible with the id-less {@code /proc} source when a tuple is reused), start a
 * new connection.
 *
 * <p>Not thread-safe: one thread feeds dumps and events in the order it processes them.
 */
final class FlowAccountant {
  private static final int CHECKPOINT_VERSION = 1;

  private final FlowClassifier classifier;
  private final int vanishGraceDumps;
  private final ConnectionTable connections = new ConnectionTable();
  private long[] removals = new long[64];
  private final HashMap<Long, Tombstone> tombstones = new HashMap<>();
  private final HashMap<FlowKey, Totals> window = new HashMap<>();
  private Instant windowStart;
  private int sequence;
  private KubecostMetrics kubecost;
  private long generation;

  private final Metrics.Counter sentBytes;
  private final Metrics.Counter receivedBytes;
  private final Metrics.Counter unattributedBytes;
  private final Metrics.Counter vanished;
  private final Metrics.Counter staleIgnored;
  private final Metrics.Counter resets;
  private final Metrics.Counter destroyEvents;

  FlowAccountant(FlowClassifier classifier, int vanishGraceDumps, Metrics metrics) {
    this.classifier = requireNonNull(classifier, "classifier is null");
    if (vanishGraceDumps < 0 || vanishGraceDumps > ConnectionTable.MAX_MISSED) {
      throw new IllegalArgumentException(
          "vanishGraceDumps is outside 0.." + ConnectionTable.MAX_MISSED + ": " + vanishGraceDumps);
    }
    this.vanishGraceDumps = vanishGraceDumps;
    sentBytes =
        metrics.counter(
            "netcost_flow_bytes_total",
            "Bytes attributed to local endpoints, by direction of the bytes",
            "bytes",
            "sent");
    receivedBytes =
        metrics.counter(
            "netcost_flow_bytes_total",
            "Bytes attributed to local endpoints, by direction of the bytes",
            "bytes",
            "received");
    unattributedBytes =
        metrics.counter(
            "netcost_flow_unattributed_bytes_total",
            "Bytes of connections with no local endpoint (forwarded or loopback traffic)");
    vanished =
        metrics.counter(
            "netcost_conntrack_connections_vanished_total",
            "Connections that left the table without a DESTROY event being seen (tail since the"
                + " last dump lost)");
    staleIgnored =
        metrics.counter(
            "netcost_conntrack_stale_dump_entries_total",
            "Dump entries ignored because their DESTROY event was already counted");
    resets =
        metrics.counter(
            "netcost_conntrack_counter_resets_total",
            "Entries whose id was reused or whose counters went down, counted as new connections");
    destroyEvents =
        metrics.counter("netcost_conntrack_destroy_events_total", "DESTROY events processed");
  }

  /** Also feeds attributed bytes to the Kubecost-compatible counters. */
  void exportTo(KubecostMetrics kubecost) {
    this.kubecost = kubecost;
  }

  /** Starts a window (or the next part of one) with an empty aggregate. */
  void startWindow(Instant start, int sequence) {
    this.windowStart = requireNonNull(start, "start is null");
    this.sequence = sequence;
    window.clear();
    connections.clearCounted();
  }

  Instant windowStart() {
    return windowStart;
  }

  int sequence() {
    return sequence;
  }

  int trackedConnections() {
    return connections.size();
  }

  boolean windowIsEmpty() {
    return window.isEmpty();
  }

  /** Sizes the connection state for {@code expected} connections (the table's current count). */
  void expectConnections(int expected) {
    connections.ensureCapacity(expected);
  }

  void beginDump() {
    generation++;
    connections.clearSeen();
  }

  /** One entry of the dump begun by {@link #beginDump()}. */
  void dumpEntry(ConntrackEntry entry) {
    if (!entry.hasCounters()) {
      return;
    }
    long identity = entry.identity();
    if (!tombstones.isEmpty()) {
      Tombstone tombstone = tombstones.get(identity);
      if (tombstone != null && tombstone.tupleHash == entry.tupleHash()) {
        staleIgnored.increment();
        return;
      }
    }
    int slot = connections.find(identity);
    if (slot >= 0
        && (connections.tupleHash(slot) != entry.tupleHash()
            || entry.originalBytes() < connections.originalBytes(slot)
            || entry.originalPackets() < connections.originalPackets(slot)
            || entry.replyBytes() < connections.replyBytes(slot)
            || entry.replyPackets() < connections.replyPackets(slot))) {
      resets.increment();
      connections.reset(slot, entry.tupleHash());
    }
    if (slot < 0) {
      slot = connections.insert(identity, entry.tupleHash());
    }
    connections.markSeen(slot);
    boolean counted =
        count(
            entry,
            connections.originalPackets(slot),
            connections.originalBytes(slot),
            connections.replyPackets(slot),
            connections.replyBytes(slot),
            connections.countedInWindow(slot));
    connections.setCounters(
        slot,
        entry.originalPackets(),
        entry.originalBytes(),
        entry.replyPackets(),
        entry.replyBytes());
    connections.setCountedInWindow(slot, counted);
  }

  /**
   * The fast path of a dump: when the entry with {@code id} is tracked with exactly these counters
   * (and has no tombstone), marks it seen and returns true; nothing else can change. Allocates
   * nothing.
   */
  boolean unchanged(long id, long[] idAndCounters) {
    int slot = connections.find(id);
    if (slot < 0
        || connections.originalPackets(slot) != idAndCounters[1]
        || connections.originalBytes(slot) != idAndCounters[2]
        || connections.replyPackets(slot) != idAndCounters[3]
        || connections.replyBytes(slot) != idAndCounters[4]
        || (!tombstones.isEmpty() && tombstones.containsKey(id))) {
      return false;
    }
    connections.markSeen(slot);
    return true;
  }

  /** Ends a dump: entries it did not list age towards being forgotten; old tombstones go. */
  void endDump() {
    int removing = 0;
    for (int slot = 0; slot < connections.capacity(); slot++) {
      if (!connections.used(slot) || connections.seen(slot)) {
        continue;
      }
      int missed = connections.missedDumps(slot);
      if (missed >= vanishGraceDumps) {
        if (removing == removals.length) {
          removals = java.util.Arrays.copyOf(removals, removing * 2);
        }
        removals[removing++] = connections.key(slot);
      } else {
        connections.setMissedDumps(slot, missed + 1);
      }
    }
    for (int i = 0; i < removing; i++) {
      connections.remove(removals[i]);
      vanished.increment();
    }
    if (removals.length > 1024) {
      removals = new long[64];
    }
    tombstones.values().removeIf(t -> t.generation < generation);
  }

  /** A DESTROY event with the entry's final counters. */
  void destroyed(ConntrackEntry entry) {
    destroyEvents.increment();
    long identity = entry.identity();
    int slot = connections.find(identity);
    boolean tracked = false;
    long originalPackets = 0;
    long originalBytes = 0;
    long replyPackets = 0;
    long replyBytes = 0;
    boolean countedInWindow = false;
    if (slot >= 0) {
      if (connections.tupleHash(slot) != entry.tupleHash()) {
        vanished.increment(); // the id was reused; the old connection's tail is unknown
      } else if (entry.originalBytes() < connections.originalBytes(slot)
          || entry.replyBytes() < connections.replyBytes(slot)) {
        resets.increment();
      } else {
        tracked = true;
        originalPackets = connections.originalPackets(slot);
        originalBytes = connections.originalBytes(slot);
        replyPackets = connections.replyPackets(slot);
        replyBytes = connections.replyBytes(slot);
        countedInWindow = connections.countedInWindow(slot);
      }
      connections.removeAt(slot);
    }
    Tombstone tombstone = tombstones.get(identity);
    if (!tracked && tombstone != null && tombstone.tupleHash == entry.tupleHash()) {
      return; // a second DESTROY for the same entry (e.g. replayed output): counted already
    }
    tombstones.put(identity, new Tombstone(entry.tupleHash(), generation));
    if (!entry.hasCounters()) {
      return;
    }
    count(entry, originalPackets, originalBytes, replyPackets, replyBytes, countedInWindow);
  }

  /**
   * Adds what the entry's counters have beyond those already counted to the window; returns whether
   * the connection has now been counted in the current window.
   */
  private boolean count(
      ConntrackEntry entry,
      long countedOriginalPackets,
      long countedOriginalBytes,
      long countedReplyPackets,
      long countedReplyBytes,
      boolean countedInWindow) {
    long originalBytes = entry.originalBytes() - countedOriginalBytes;
    long originalPackets = entry.originalPackets() - countedOriginalPackets;
    long replyBytes = entry.replyBytes() - countedReplyBytes;
    long replyPackets = entry.replyPackets() - countedReplyPackets;
    if (originalBytes == 0 && originalPackets == 0 && replyBytes == 0 && replyPackets == 0) {
      return countedInWindow;
    }
    boolean firstInWindow = !countedInWindow;
    FlowKey outbound = classifier.outbound(entry);
    FlowKey inbound = classifier.inbound(entry);
    if (outbound == null && inbound == null) {
      unattributedBytes.add(originalBytes + replyBytes);
      return true;
    }
    if (outbound != null) {
      Totals totals = window.computeIfAbsent(outbound, k -> new Totals());
      totals.add(originalBytes, replyBytes, originalPackets, replyPackets, firstInWindow);
      sentBytes.add(originalBytes);
      receivedBytes.add(replyBytes);
      if (kubecost != null) {
        kubecost.record(outbound, originalBytes, replyBytes);
      }
    }
    if (inbound != null) {
      Totals totals = window.computeIfAbsent(inbound, k -> new Totals());
      totals.add(replyBytes, originalBytes, replyPackets, originalPackets, firstInWindow);
      sentBytes.add(replyBytes);
      receivedBytes.add(originalBytes);
      if (kubecost != null) {
        kubecost.record(inbound, replyBytes, originalBytes);
      }
    }
    return true;
  }

  private long windowId() {
    return windowStart.getEpochSecond() * 10_000 + sequence;
  }

  /** The window's rows, in a fixed order so equal windows encode to equal bytes. */
  List<FlowRecord> rows(String cluster, String node, Instant windowEnd) {
    List<Map.Entry<FlowKey, Totals>> entries = new ArrayList<>(window.entrySet());
    entries.sort(Map.Entry.comparingByKey(FlowKey.ORDER));
    List<FlowRecord> rows = new ArrayList<>(entries.size());
    for (Map.Entry<FlowKey, Totals> entry : entries) {
      FlowKey key = entry.getKey();
      Totals totals = entry.getValue();
      rows.add(
          new FlowRecord(
              cluster,
              node,
              windowStart,
              windowEnd,
              key.localIp(),
              key.peerIp(),
              key.peerPreNatIp(),
              key.snatIp(),
              key.protocol(),
              key.serverPort(),
              key.direction(),
              totals.sentBytes,
              totals.receivedBytes,
              totals.sentPackets,
              totals.receivedPackets,
              totals.connections));
    }
    return rows;
  }

  /** Writes the whole state (tracked counters, tombstones, the window so far) for a restart. */
  void writeState(DataOutputStream out) throws IOException {
    out.writeInt(CHECKPOINT_VERSION);
    out.writeLong(windowStart.getEpochSecond());
    out.writeInt(sequence);
    out.writeLong(generation);
    out.writeInt(connections.size());
    // the format of version 1, which kept a window id and a dump generation per connection
    long windowId = windowId();
    for (int slot = 0; slot < connections.capacity(); slot++) {
      if (!connections.used(slot)) {
        continue;
      }
      out.writeLong(connections.key(slot));
      out.writeLong(connections.tupleHash(slot));
      out.writeLong(connections.originalBytes(slot));
      out.writeLong(connections.originalPackets(slot));
      out.writeLong(connections.replyBytes(slot));
      out.writeLong(connections.replyPackets(slot));
      out.writeLong(connections.countedInWindow(slot) ? windowId : Long.MIN_VALUE);
      out.writeLong(connections.seen(slot) ? generation : generation - 1);
      out.writeInt(connections.missedDumps(slot));
    }
    out.writeInt(tombstones.size());
    for (Map.Entry<Long, Tombstone> entry : tombstones.entrySet()) {
      out.writeLong(entry.getKey());
      out.writeLong(entry.getValue().tupleHash);
      out.writeLong(entry.getValue().generation);
    }
    out.writeInt(window.size());
    for (Map.Entry<FlowKey, Totals> entry : window.entrySet()) {
      FlowKey key = entry.getKey();
      Totals t = entry.getValue();
      out.writeUTF(key.localIp());
      out.writeUTF(key.peerIp());
      out.writeUTF(key.peerPreNatIp().orElse(""));
      out.writeUTF(key.snatIp().orElse(""));
      out.writeUTF(key.protocol().wireName());
      out.writeInt(key.serverPort());
      out.writeUTF(key.direction().wireName());
      out.writeLong(t.sentBytes);
      out.writeLong(t.receivedBytes);
      out.writeLong(t.sentPackets);
      out.writeLong(t.receivedPackets);
      out.writeLong(t.connections);
    }
  }

  /** Replaces the state with one written by {@link #writeState}. */
  void readState(DataInputStream in) throws IOException {
    int version = in.readInt();
    if (version != CHECKPOINT_VERSION) {
      throw new IOException("Unsupported checkpoint version " + version);
    }
    connections.clear();
    tombstones.clear();
    window.clear();
    windowStart = Instant.ofEpochSecond(in.readLong());
    sequence = in.readInt();
    generation = in.readLong();
    long windowId = windowId();
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      long identity = in.readLong();
      long tupleHash = in.readLong();
      long originalBytes = in.readLong();
      long originalPackets = in.readLong();
      long replyBytes = in.readLong();
      long replyPackets = in.readLong();
      long countedWindow = in.readLong();
      long seenGeneration = in.readLong();
      int missedDumps = in.readInt();
      if (connections.find(identity) >= 0) {
        throw new IOException("Checkpoint lists connection " + identity + " twice");
      }
      int slot = connections.insert(identity, tupleHash);
      connections.setCounters(slot, originalPackets, originalBytes, replyPackets, replyBytes);
      connections.setCountedInWindow(slot, countedWindow == windowId);
      if (seenGeneration == generation) {
        connections.markSeen(slot);
      }
      connections.setMissedDumps(slot, missedDumps);
    }
    count = in.readInt();
    for (int i = 0; i < count; i++) {
      long identity = in.readLong();
      tombstones.put(identity, new Tombstone(in.readLong(), in.readLong()));
    }
    count = in.readInt();
    for (int i = 0; i < count; i++) {
      FlowKey key =
          new FlowKey(
              in.readUTF(),
              in.readUTF(),
              optional(in.readUTF()),
              optional(in.readUTF()),
              Protocol.fromWireName(in.readUTF()),
              in.readInt(),
              Direction.fromWireName(in.readUTF()));
      Totals t = new Totals();
      t.sentBytes = in.readLong();
      t.receivedBytes = in.readLong();
      t.sentPackets = in.readLong();
      t.receivedPackets = in.readLong();
      t.connections = in.readLong();
      window.put(key, t);
    }
  }

  private static Optional<String> optional(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private record Tombstone(long tupleHash, long generation) {}

  private static final class Totals {
    long sentBytes;
    long receivedBytes;
    long sentPackets;
    long receivedPackets;
    long connections;

    void add(long sent, long received, long sentPk, long receivedPk, boolean newConnection) {
      sentBytes += sent;
      receivedBytes += received;
      sentPackets += sentPk;
      receivedPackets += receivedPk;
      if (newConnection) {
        connections++;
      }
    }
  }
}
