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
import java.util.Iterator;
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
  private final HashMap<Long, Connection> connections = new HashMap<>();
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
    if (vanishGraceDumps < 0) {
      throw new IllegalArgumentException("vanishGraceDumps is negative: " + vanishGraceDumps);
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

  void beginDump() {
    generation++;
  }

  /** One entry of the dump begun by {@link #beginDump()}. */
  void dumpEntry(ConntrackEntry entry) {
    if (!entry.hasCounters()) {
      return;
    }
    long identity = entry.identity();
    Tombstone tombstone = tombstones.get(identity);
    if (tombstone != null && tombstone.tupleHash == entry.tupleHash()) {
      staleIgnored.increment();
      return;
    }
    Connection connection = connections.get(identity);
    if (connection != null
        && (connection.tupleHash != entry.tupleHash()
            || entry.originalBytes() < connection.originalBytes
            || entry.originalPackets() < connection.originalPackets
            || entry.replyBytes() < connection.replyBytes
            || entry.replyPackets() < connection.replyPackets)) {
      resets.increment();
      connection = null;
    }
    if (connection == null) {
      connection = new Connection(entry.tupleHash());
      connections.put(identity, connection);
    }
    connection.seenGeneration = generation;
    connection.missedDumps = 0;
    count(entry, connection);
  }

  /**
   * The fast path of a dump: when the entry with {@code id} is tracked with exactly these counters
   * (and has no tombstone), marks it seen and returns true; nothing else can change.
   */
  boolean unchanged(long id, long[] idAndCounters) {
    Connection connection = connections.get(id);
    if (connection == null
        || connection.originalPackets != idAndCounters[1]
        || connection.originalBytes != idAndCounters[2]
        || connection.replyPackets != idAndCounters[3]
        || connection.replyBytes != idAndCounters[4]
        || tombstones.containsKey(id)) {
      return false;
    }
    connection.seenGeneration = generation;
    connection.missedDumps = 0;
    return true;
  }

  /** Ends a dump: entries it did not list age towards being forgotten; old tombstones go. */
  void endDump() {
    Iterator<Connection> iterator = connections.values().iterator();
    while (iterator.hasNext()) {
      Connection connection = iterator.next();
      if (connection.seenGeneration == generation) {
        continue;
      }
      if (connection.missedDumps >= vanishGraceDumps) {
        iterator.remove();
        vanished.increment();
      } else {
        connection.missedDumps++;
      }
    }
    tombstones.values().removeIf(t -> t.generation < generation);
  }

  /** A DESTROY event with the entry's final counters. */
  void destroyed(ConntrackEntry entry) {
    destroyEvents.increment();
    long identity = entry.identity();
    Connection connection = connections.remove(identity);
    if (connection != null && connection.tupleHash != entry.tupleHash()) {
      vanished.increment(); // the id was reused; the old connection's tail is unknown
      connection = null;
    }
    if (connection != null
        && (entry.originalBytes() < connection.originalBytes
            || entry.replyBytes() < connection.replyBytes)) {
      resets.increment();
      connection = null;
    }
    Tombstone tombstone = tombstones.get(identity);
    if (connection == null && tombstone != null && tombstone.tupleHash == entry.tupleHash()) {
      return; // a second DESTROY for the same entry (e.g. replayed output): counted already
    }
    tombstones.put(identity, new Tombstone(entry.tupleHash(), generation));
    if (!entry.hasCounters()) {
      return;
    }
    count(entry, connection == null ? new Connection(entry.tupleHash()) : connection);
  }

  private void count(ConntrackEntry entry, Connection connection) {
    long originalBytes = entry.originalBytes() - connection.originalBytes;
    long originalPackets = entry.originalPackets() - connection.originalPackets;
    long replyBytes = entry.replyBytes() - connection.replyBytes;
    long replyPackets = entry.replyPackets() - connection.replyPackets;
    connection.originalBytes = entry.originalBytes();
    connection.originalPackets = entry.originalPackets();
    connection.replyBytes = entry.replyBytes();
    connection.replyPackets = entry.replyPackets();
    if (originalBytes == 0 && originalPackets == 0 && replyBytes == 0 && replyPackets == 0) {
      return;
    }
    long windowId = windowId();
    boolean firstInWindow = connection.countedWindow != windowId;
    connection.countedWindow = windowId;
    FlowKey outbound = classifier.outbound(entry);
    FlowKey inbound = classifier.inbound(entry);
    if (outbound == null && inbound == null) {
      unattributedBytes.add(originalBytes + replyBytes);
      return;
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
    for (Map.Entry<Long, Connection> entry : connections.entrySet()) {
      Connection c = entry.getValue();
      out.writeLong(entry.getKey());
      out.writeLong(c.tupleHash);
      out.writeLong(c.originalBytes);
      out.writeLong(c.originalPackets);
      out.writeLong(c.replyBytes);
      out.writeLong(c.replyPackets);
      out.writeLong(c.countedWindow);
      out.writeLong(c.seenGeneration);
      out.writeInt(c.missedDumps);
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
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      long identity = in.readLong();
      Connection c = new Connection(in.readLong());
      c.originalBytes = in.readLong();
      c.originalPackets = in.readLong();
      c.replyBytes = in.readLong();
      c.replyPackets = in.readLong();
      c.countedWindow = in.readLong();
      c.seenGeneration = in.readLong();
      c.missedDumps = in.readInt();
      connections.put(identity, c);
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

  private static final class Connection {
    final long tupleHash;
    long originalBytes;
    long originalPackets;
    long replyBytes;
    long replyPackets;
    long countedWindow = Long.MIN_VALUE;
    long seenGeneration;
    int missedDumps;

    Connection(long tupleHash) {
      this.tupleHash = tupleHash;
    }
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
