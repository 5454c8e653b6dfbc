package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.SnapshotSink;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster's metadata snapshotter while it is the writer: watches the API, keeps the intervals,
 * writes each hour's snapshot a moment after the hour ends.
 */
final class MetadataCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataCollector.class);

  private final Clock clock;
  private final ClusterModel model;
  private final KubernetesWatcher watcher;
  private final HourlySnapshots snapshots;
  private final ScheduledExecutorService scheduler;
  private ScheduledFuture<?> next;
  private Instant pendingHour;

  MetadataCollector(
      KubernetesClient client,
      String cluster,
      Clock clock,
      TeamResolver teams,
      SnapshotSink sink,
      String writer,
      Duration syncTimeout) {
    this.clock = requireNonNull(clock, "clock is null");
    this.model = new ClusterModel(cluster, clock, teams);
    this.watcher = new KubernetesWatcher(client, model, syncTimeout);
    this.snapshots = new HourlySnapshots(cluster, model, sink, writer);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "netcost-metadata-snapshots");
              thread.setDaemon(true);
              return thread;
            });
  }

  ClusterModel model() {
    return model;
  }

  KubernetesWatcher watcher() {
    return watcher;
  }

  /** Starts the watches (returns when they are synced) and the hourly schedule. */
  synchronized void start(int existingSnapshotsThisHour) {
    Instant hour = HourlySnapshots.hourOf(clock.instant());
    snapshots.continueAfter(hour, existingSnapshotsThisHour);
    watcher.start();
    pendingHour = hour;
    schedule();
  }

  private synchronized void schedule() {
    if (scheduler.isShutdown()) {
      return;
    }
    // a second past the boundary: the hour's last events are in, the next hour has begun
    long delayMillis = HourlySnapshots.untilNextHour(clock).toMillis() + 1000;
    next = scheduler.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      writeDue();
    } catch (IOException | RuntimeException e) {
      // retried at the next tick: the ledger keeps everything until a snapshot is published
      LOG.error("Cannot write metadata snapshot of {}: {}", pendingHour, e.getMessage(), e);
    } finally {
      schedule();
    }
  }

  /** Writes the snapshot of every hour that has ended and was not written yet; returns the keys. */
  synchronized List<String> writeDue() throws IOException {
    Instant current = HourlySnapshots.hourOf(clock.instant());
    List<String> keys = new ArrayList<>();
    while (pendingHour.isBefore(current)) {
      keys.add(snapshots.write(pendingHour));
      pendingHour = pendingHour.plus(1, ChronoUnit.HOURS);
    }
    return keys;
  }

  /**
   * Stops watching. With {@code flush}, first writes the snapshot of every hour not yet written,
   * the current one partially (a clean shutdown); without it (leadership lost) writes nothing, as
   * the new leader is the writer now.
   */
  synchronized void stop(boolean flush) {
    if (next != null) {
      next.cancel(false);
    }
    scheduler.shutdownNow();
    watcher.close();
    if (flush && pendingHour != null) {
      Instant current = HourlySnapshots.hourOf(clock.instant());
      try {
        while (!pendingHour.isAfter(current)) {
          snapshots.write(pendingHour);
          pendingHour = pendingHour.plus(1, ChronoUnit.HOURS);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write metadata snapshot of " + pendingHour, e);
      }
    }
  }

  @Override
  public void close() {
    stop(false);
  }
}
