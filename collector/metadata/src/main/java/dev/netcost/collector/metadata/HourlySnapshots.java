package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.SnapshotSink;
import dev.netcost.contract.ObjectKeys;
import dev.netcost.contract.OwnershipInterval;
import dev.netcost.contract.SnapshotWriter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the cluster's metadata snapshot of each hour once the hour is over, and the partial
 * snapshot of the current hour when the writer shuts down cleanly.
 *
 * <p>Sequence numbers: a writer starting within an hour for which snapshots already exist (a
 * restart, a new leader) continues after the highest sequence found in the store, so no two
 * writers' snapshots of an hour share a key; later hours start at 0.
 */
final class HourlySnapshots {
  private static final Logger LOG = LoggerFactory.getLogger(HourlySnapshots.class);

  private final String cluster;
  private final ClusterModel model;
  private final SnapshotSink sink;
  private final String writer;
  private final Map<Instant, Integer> nextSequence = new HashMap<>();

  HourlySnapshots(String cluster, ClusterModel model, SnapshotSink sink, String writer) {
    this.cluster = requireNonNull(cluster, "cluster is null");
    this.model = requireNonNull(model, "model is null");
    this.sink = requireNonNull(sink, "sink is null");
    this.writer = requireNonNull(writer, "writer is null");
  }

  /** Snapshots of {@code hourStart} already in the store: the next one written gets this number. */
  synchronized void continueAfter(Instant hourStart, int existingSnapshots) {
    nextSequence.merge(hourStart, existingSnapshots, Math::max);
  }

  /**
   * Encodes and publishes the snapshot of the hour starting at {@code hourStart}; returns its key.
   */
  synchronized String write(Instant hourStart) throws IOException {
    int sequence = nextSequence.getOrDefault(hourStart, 0);
    // reserved before the upload: a retry after a failed (perhaps half-done) upload writes the
    // next sequence, never different bytes under a key that may already exist
    nextSequence.put(hourStart, sequence + 1);
    String key = ObjectKeys.metadataSnapshot(cluster, hourStart, sequence);
    List<OwnershipInterval> rows = model.snapshot(hourStart);
    byte[] bytes = SnapshotWriter.writeMetadata(rows, writer);
    sink.publish(key, bytes);
    model.published(hourStart);
    nextSequence.keySet().removeIf(hour -> hour.isBefore(hourStart));
    LOG.info("Wrote {} ({} intervals, {} bytes)", key, rows.size(), bytes.length);
    return key;
  }

  static Instant hourOf(Instant instant) {
    return instant.truncatedTo(ChronoUnit.HOURS);
  }

  /** Time from {@code clock}'s now to the start of the next hour. */
  static Duration untilNextHour(Clock clock) {
    Instant now = clock.instant();
    return Duration.between(now, hourOf(now).plus(1, ChronoUnit.HOURS));
  }
}
