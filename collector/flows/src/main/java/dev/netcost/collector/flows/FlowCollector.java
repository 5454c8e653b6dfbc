package dev.netcost.collector.flows;

import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.DurableFiles;
import dev.netcost.collector.common.Metrics;
import dev.netcost.collector.common.MetricsServer;
import dev.netcost.collector.common.SnapshotSink;
import dev.netcost.contract.FlowRecord;
import dev.netcost.contract.ObjectKeys;
import dev.netcost.contract.SnapshotWriter;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The collection loop: one thread feeds table dumps (every poll interval, and at once after an
 * event loss) and queued DESTROY events into the {@link FlowAccountant}, checkpoints the whole
 * state (at most every checkpoint interval, and around every window close), and closes each window
 * into a snapshot handed to the sink.
 *
 * <p>Restart safety: the checkpoint (written atomically after a dump when the checkpoint interval
 * has passed, around every window close and at a graceful stop) holds the counted counters of every
 * live connection and the window's rows so far. After a {@code kill -9} the restarted collector
 * continues from it: live connections count only what is new, the window continues with the same
 * snapshot key, and a window already published is published again with byte-identical content (a
 * no-op). What is lost is bounded by the bytes, since the last checkpoint, of connections that
 * ended before the restarted collector's first dump (including connections that began and ended
 * while it was down).
 */
final class FlowCollector implements AutoCloseable {
  private static final Logger LOG = System.getLogger(FlowCollector.class.getName());
  // growth of the committed heap since the last full collection that triggers the next one
  static final long HEAP_GROWTH_BYTES = 2L << 20;
  private static final byte[] MAGIC =
      "NCFLOWS\u0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  static final String WRITER = "netcost-collector-flows/1";

  /** What the collector needs to know. */
  record Settings(
      String cluster,
      String node,
      Duration window,
      Duration pollInterval,
      Path stateDirectory,
      int vanishGraceDumps,
      Duration checkpointInterval) {
    /** Settings that checkpoint after every dump. */
    Settings(
        String cluster,
        String node,
        Duration window,
        Duration pollInterval,
        Path stateDirectory,
        int vanishGraceDumps) {
      this(cluster, node, window, pollInterval, stateDirectory, vanishGraceDumps, Duration.ZERO);
    }

    Settings {
      requireNonNull(checkpointInterval, "checkpointInterval is null");
      if (checkpointInterval.isNegative()) {
        throw new IllegalArgumentException("Invalid checkpoint interval: " + checkpointInterval);
      }
      requireNonNull(cluster, "cluster is null");
      requireNonNull(node, "node is null");
      requireNonNull(window, "window is null");
      requireNonNull(pollInterval, "pollInterval is null");
      requireNonNull(stateDirectory, "stateDirectory is null");
      long seconds = window.getSeconds();
      if (window.getNano() != 0 || seconds < 60 || seconds > 3600 || 3600 % seconds != 0) {
        throw new IllegalArgumentException(
            "Invalid window: "
                + window
                + " (expected whole seconds from 1 minute to 1 hour dividing an hour, e.g. PT1H,"
                + " PT15M, PT1M)");
      }
      if (pollInterval.isNegative()
          || pollInterval.isZero()
          || pollInterval.compareTo(window) > 0) {
        throw new IllegalArgumentException(
            "Invalid poll interval: "
                + pollInterval
                + " (expected positive and at most the window)");
      }
      ObjectKeys.flowSnapshot(cluster, node, Instant.EPOCH, 0); // validates the names
    }
  }

  private final Settings settings;
  private final ConntrackSource source;
  private final SnapshotSink sink;
  private final Clock clock;
  private final FlowAccountant accountant;
  private final Path checkpoint;
  private final BlockingQueue<Object> events = new ArrayBlockingQueue<>(1 << 16);
  private final Metrics metrics;
  private final Metrics.Counter entriesRead;
  private final Metrics.Counter dumps;
  private final Metrics.Counter dumpFailures;
  private final Metrics.Counter eventsLost;
  private final Metrics.Counter snapshots;
  private volatile double lastDumpSeconds;
  private volatile long lastDumpEntries;
  private volatile Instant lastDumpAt = Instant.EPOCH;
  private final Instant startedAt;
  private volatile String lastError = "";
  private volatile boolean stopping;
  private volatile boolean failed;
  private volatile Throwable failure;
  private Instant lastCheckpoint = Instant.MIN;
  private EventStream eventStream;
  private boolean resync;
  private boolean releaseGarbage = true;
  // the heap committed after the last full collection this loop asked for
  private long heapAfterCollection = Long.MAX_VALUE;
  private Thread loopThread;

  FlowCollector(
      Settings settings,
      ConntrackSource source,
      FlowClassifier classifier,
      SnapshotSink sink,
      Metrics metrics,
      Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.source = requireNonNull(source, "source is null");
    this.sink = requireNonNull(sink, "sink is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.startedAt = clock.instant();
    this.accountant = new FlowAccountant(classifier, settings.vanishGraceDumps(), metrics);
    this.checkpoint = settings.stateDirectory().resolve("flows-" + settings.node() + ".checkpoint");
    entriesRead =
        metrics.counter("netcost_conntrack_entries_read_total", "Conntrack entries read by dumps");
    dumps =
        metrics.counter("netcost_conntrack_dumps_total", "Conntrack table dumps", "result", "ok");
    dumpFailures =
        metrics.counter(
            "netcost_conntrack_dumps_total", "Conntrack table dumps", "result", "failed");
    eventsLost =
        metrics.counter(
            "netcost_conntrack_events_lost_total",
            "Times DESTROY events were lost (kernel ENOBUFS or the event tool exiting); each is"
                + " followed by a full dump");
    snapshots = metrics.counter("netcost_snapshots_total", "Flow snapshots handed to the spool");
    metrics.gauge(
        "netcost_conntrack_dump_entries", "Entries in the last dump", () -> lastDumpEntries);
    metrics.gauge(
        "netcost_conntrack_dump_seconds", "Wall time of the last dump", () -> lastDumpSeconds);
    metrics.gauge(
        "netcost_conntrack_tracked_connections",
        "Connections whose counters are remembered",
        () -> accountantSize);
  }

  private volatile int accountantSize;

  /** Subscribes to events (when the source has them) and restores the checkpoint. */
  void open(EventStreamFactory events) throws IOException {
    restore();
    if (source.hasEvents() && events != null) {
      eventStream = events.open(listener());
      eventStream.start();
    }
  }

  /** Creates the event stream once the collector's listener exists. */
  interface EventStreamFactory {
    EventStream open(EventStream.Listener listener);
  }

  private EventStream.Listener listener() {
    return new EventStream.Listener() {
      @Override
      public void destroyed(ConntrackEntry entry) throws InterruptedException {
        events.put(entry);
      }

      @Override
      public void lost(String reason) {
        eventsLost.increment();
        events.offer(new Loss(reason));
      }
    };
  }

  private record Loss(String reason) {}

  /** Runs the loop on a new thread. */
  synchronized void start() {
    loopThread = new Thread(this::runLoop, "flow-collector");
    loopThread.start();
  }

  /** Runs until {@link #stop()}: dumps, events, checkpoints, windows; then flushes. */
  void runLoop() {
    Instant nextDump = clock.instant();
    try {
      while (!stopping) {
        Instant now = clock.instant();
        Instant windowEnd = accountant.windowStart().plus(settings.window());
        if (resync || !now.isBefore(nextDump) || !now.isBefore(windowEnd)) {
          resync = false;
          cycle();
          nextDump = clock.instant().plus(settings.pollInterval());
          continue;
        }
        Instant wake = nextDump.isBefore(windowEnd) ? nextDump : windowEnd;
        long waitMillis = Math.max(1, Duration.between(now, wake).toMillis());
        Object event = events.poll(Math.min(waitMillis, 1000), TimeUnit.MILLISECONDS);
        if (event != null) {
          handle(event);
          drainEvents();
        }
      }
      shutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      lastError = e.toString();
      failure = e;
      failed = true;
      LOG.log(Level.ERROR, "Flow collector stopped: " + e, e);
    }
  }

  /** The error the loop ended on, or null. */
  Throwable failure() {
    return failure;
  }

  /** Whether the loop ended on an error rather than on {@link #stop()}. */
  boolean failed() {
    return failed;
  }

  /** One dump with the events around it, a checkpoint when due, and a window close when due. */
  void cycle() throws IOException {
    drainEvents();
    dump();
    drainEvents();
    Instant now = clock.instant();
    Instant windowEnd = accountant.windowStart().plus(settings.window());
    boolean closing = !now.isBefore(windowEnd);
    // any checkpoint is a consistent (counters, rows) pair: restoring an older one only recounts
    // from older counters into the same rows, so a longer interval only widens the loss bound
    if (closing || !now.isBefore(lastCheckpoint.plus(settings.checkpointInterval()))) {
      writeCheckpoint();
    }
    if (closing) {
      publishWindow(windowEnd);
      accountant.startWindow(windowStart(now), 0);
      writeCheckpoint();
      releaseGarbage = true;
    }
    Runtime runtime = Runtime.getRuntime();
    if (releaseGarbage || runtime.totalMemory() - heapAfterCollection > HEAP_GROWTH_BYTES) {
      releaseGarbage = false;
      // the first dump meets every entry (an object per entry, much of it promoted by a young
      // generation sized for the steady state), a sealed window leaves its rows, and connections
      // that come and go leave their keys and totals: each is promoted by the small young
      // generation and stays resident until the old generation fills. A full collection after the
      // first dump, after each seal and whenever the heap has grown by HEAP_GROWTH_BYTES since the
      // last one lets the heap shrink back (-XX:MaxHeapFreeRatio, -XX:-ShrinkHeapInSteps in
      // conf/jvm/collector.options); it takes tens of milliseconds
      System.gc();
      heapAfterCollection = runtime.totalMemory();
    }
  }

  private void dump() {
    long started = System.nanoTime();
    accountant.beginDump();
    try {
      ConntrackSource.DumpResult result =
          source.dump(
              new ConntrackSource.DumpSink() {
                @Override
                public void accept(ConntrackEntry entry) {
                  accountant.dumpEntry(entry);
                }

                @Override
                public boolean unchanged(long id, long[] idAndCounters) {
                  return accountant.unchanged(id, idAndCounters);
                }
              });
      accountant.endDump();
      dumps.increment();
      entriesRead.add(result.entries());
      lastDumpEntries = result.entries();
      lastDumpAt = clock.instant();
      lastError = "";
    } catch (IOException e) {
      // the accountant saw part of the table: counting from a partial dump is still exact (it
      // records what it counted), only vanished-entry ageing is skipped for this dump
      dumpFailures.increment();
      lastError = e.getMessage();
      LOG.log(Level.ERROR, "Conntrack dump failed: {0}", e.getMessage());
    } finally {
      lastDumpSeconds = (System.nanoTime() - started) / 1e9;
      accountantSize = accountant.trackedConnections();
    }
  }

  private void drainEvents() {
    Object event;
    while ((event = events.poll()) != null) {
      handle(event);
    }
  }

  private void handle(Object event) {
    if (event instanceof ConntrackEntry entry) {
      accountant.destroyed(entry);
    } else if (event instanceof Loss loss) {
      LOG.log(Level.WARNING, "DESTROY events lost ({0}): full dump now", loss.reason());
      resync = true;
    }
  }

  private void publishWindow(Instant windowEnd) throws IOException {
    if (accountant.windowIsEmpty() && accountant.sequence() > 0) {
      return; // the window's earlier part was published at shutdown and nothing came since
    }
    List<FlowRecord> rows = accountant.rows(settings.cluster(), settings.node(), windowEnd);
    byte[] snapshot = SnapshotWriter.writeFlows(rows, WRITER);
    String key =
        ObjectKeys.flowSnapshot(
            settings.cluster(), settings.node(), accountant.windowStart(), accountant.sequence());
    sink.publish(key, snapshot);
    snapshots.increment();
    LOG.log(Level.INFO, "Snapshot {0}: {1} rows, {2} bytes", key, rows.size(), snapshot.length);
  }

  /** Final dump, partial window published under the current sequence, checkpoint. */
  private void shutdown() throws IOException {
    drainEvents();
    dump();
    drainEvents();
    Instant windowEnd = accountant.windowStart().plus(settings.window());
    writeCheckpoint();
    publishWindow(windowEnd);
    if (clock.instant().isBefore(windowEnd)) {
      accountant.startWindow(accountant.windowStart(), accountant.sequence() + 1);
    } else {
      accountant.startWindow(windowStart(clock.instant()), 0);
    }
    writeCheckpoint();
  }

  /** Asks the loop to stop; it flushes the partial window before returning. */
  void stop() {
    stopping = true;
  }

  /** Stops the loop and waits for its flush. */
  void stopAndWait(Duration timeout) throws InterruptedException {
    stop();
    awaitTermination(timeout);
  }

  /** Waits for the loop to end (after {@link #stop()} or a fatal error). */
  void awaitTermination(Duration timeout) throws InterruptedException {
    Thread thread;
    synchronized (this) {
      thread = loopThread;
    }
    if (thread != null) {
      thread.join(timeout.toMillis());
    }
  }

  @Override
  public void close() {
    if (eventStream != null) {
      eventStream.close();
    }
  }

  MetricsServer.Health health() {
    boolean never = lastDumpAt.equals(Instant.EPOCH);
    Duration sinceDump = Duration.between(never ? startedAt : lastDumpAt, clock.instant());
    if (sinceDump.compareTo(settings.pollInterval().multipliedBy(3).plusSeconds(30)) > 0) {
      return new MetricsServer.Health(
          false,
          "no successful conntrack dump "
              + (never ? "since the start " : "")
              + sinceDump.toSeconds()
              + " s ago"
              + (lastError.isEmpty() ? "" : ": " + lastError));
    }
    if (eventStream != null && !eventStream.alive()) {
      return new MetricsServer.Health(false, "conntrack event stream is down");
    }
    return new MetricsServer.Health(true, "last dump " + lastDumpEntries + " entries");
  }

  Instant windowStart(Instant now) {
    long seconds = settings.window().getSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), seconds) * seconds);
  }

  FlowAccountant accountant() {
    return accountant;
  }

  Metrics metrics() {
    return metrics;
  }

  private void restore() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(checkpoint);
    } catch (NoSuchFileException e) {
      accountant.startWindow(windowStart(clock.instant()), 0);
      LOG.log(
          Level.INFO,
          "No checkpoint at {0}: first start; the counters of connections already open are"
              + " counted in the first window",
          checkpoint);
      return;
    }
    try {
      readCheckpoint(bytes);
    } catch (IOException | RuntimeException e) {
      Path corrupt = checkpoint.resolveSibling(checkpoint.getFileName() + ".corrupt");
      Files.move(checkpoint, corrupt, StandardCopyOption.REPLACE_EXISTING);
      LOG.log(
          Level.ERROR,
          "Checkpoint {0} is unreadable ({1}); moved to {2} and starting afresh: connections"
              + " already open are counted again from their start",
          checkpoint,
          e.toString(),
          corrupt);
      accountant.startWindow(windowStart(clock.instant()), 0);
      return;
    }
    LOG.log(
        Level.INFO,
        "Restored checkpoint: window {0} part {1}, {2} connections",
        accountant.windowStart(),
        accountant.sequence(),
        accountant.trackedConnections());
    Instant now = clock.instant();
    Instant windowEnd = accountant.windowStart().plus(settings.window());
    if (!now.isBefore(windowEnd)) {
      publishWindow(windowEnd);
      accountant.startWindow(windowStart(now), 0);
      writeCheckpoint();
    }
  }

  private void readCheckpoint(byte[] bytes) throws IOException {
    if (bytes.length < MAGIC.length + 8
        || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new IOException("not a flow collector checkpoint");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    long stored =
        new DataInputStream(new ByteArrayInputStream(bytes, bytes.length - 8, 8)).readLong();
    if (stored != crc.getValue()) {
      throw new IOException("checksum mismatch");
    }
    DataInputStream in =
        new DataInputStream(
            new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - 8 - MAGIC.length));
    String cluster = in.readUTF();
    String node = in.readUTF();
    if (!cluster.equals(settings.cluster()) || !node.equals(settings.node())) {
      throw new IOException("checkpoint is for cluster " + cluster + " node " + node);
    }
    accountant.readState(in);
  }

  private void writeCheckpoint() throws IOException {
    lastCheckpoint = clock.instant();
    // streamed: a checkpoint of a full table is tens of megabytes, never held in memory
    DurableFiles.write(
        checkpoint,
        file -> {
          CRC32 crc = new CRC32();
          CheckedOutputStream checked = new CheckedOutputStream(file, crc);
          DataOutputStream out = new DataOutputStream(checked);
          out.write(MAGIC);
          out.writeUTF(settings.cluster());
          out.writeUTF(settings.node());
          accountant.writeState(out);
          out.flush();
          new DataOutputStream(file).writeLong(crc.getValue());
        });
  }

  /** Reads a checkpoint file's tracked connection count (tests and tooling). */
  static int trackedConnections(Path checkpoint, Settings settings, Metrics metrics)
      throws IOException {
    FlowCollector reader =
        new FlowCollector(
            settings,
            new ProcConntrackSource(new HostCommands(List.of()), Path.of("/dev/null"), metrics),
            new FlowClassifier(new LocalEndpoints(java.util.Set.of("127.0.0.2"), List.of())),
            (key, bytes) -> {},
            metrics,
            Clock.systemUTC());
    reader.readCheckpoint(Files.readAllBytes(checkpoint));
    return reader.accountant.trackedConnections();
  }
}
