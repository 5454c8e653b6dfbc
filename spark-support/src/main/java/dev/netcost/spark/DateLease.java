package dev.netcost.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The right to write one date's tables: {@code tables/_leases/date=D/NNNNNNNNNN.lease}, generation
 * numbers created exclusively. The holder of the highest generation owns the date while its lease
 * is live: not released, not expired ({@code expires_at}, renewed every third of the lease
 * duration), and, when it was taken on this host, its process still running. A run that finds a
 * live lease of another run fails (exit 1) naming it; a run that finds a dead one takes the next
 * generation, and of two runs racing for it exactly one wins the create.
 */
final class DateLease implements AutoCloseable {
  static final String LEASES = "tables/_leases";
  static final Duration DEFAULT_DURATION = Duration.ofMinutes(10);

  private final FileSystem fs;
  private final Path root;
  private final LocalDate date;
  private final String runId;
  private final long generation;
  private final Instant acquiredAt;
  private final Duration duration;
  private final Optional<Map<String, String>> abandoned;
  private final ScheduledExecutorService renewer;
  private volatile boolean released;

  private DateLease(
      FileSystem fs,
      Path root,
      LocalDate date,
      String runId,
      long generation,
      Instant acquiredAt,
      Duration duration,
      Optional<Map<String, String>> abandoned) {
    this.fs = fs;
    this.root = root;
    this.date = date;
    this.runId = runId;
    this.generation = generation;
    this.acquiredAt = acquiredAt;
    this.duration = duration;
    this.abandoned = abandoned;
    this.renewer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "netcost-lease-" + date);
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(1, duration.toSeconds() / 3);
    renewer.scheduleAtFixedRate(this::renewQuietly, period, period, TimeUnit.SECONDS);
  }

  /** Takes the date's lease or fails with exit 1 naming the run that holds it. */
  static DateLease acquire(
      FileSystem fs, Path root, LocalDate date, String runId, Duration duration)
      throws IOException {
    Path directory = new Path(root, LEASES + "/date=" + date);
    long latest = -1;
    for (FileStatus status : TableCommits.list(fs, directory)) {
      String name = status.getPath().getName();
      if (name.endsWith(".lease")) {
        latest = Math.max(latest, Long.parseLong(name.substring(0, name.length() - 6)));
      }
    }
    Optional<Map<String, String>> previous = Optional.empty();
    if (latest >= 0) {
      Map<String, String> holder;
      try {
        holder = parse(TableCommits.read(fs, new Path(directory, key(latest))));
      } catch (java.io.FileNotFoundException e) {
        holder = Map.of();
      }
      Instant now = Instant.now();
      if (isLive(holder, now)) {
        throw busy(root, date, holder);
      }
      if (!"released".equals(holder.get("state")) && holder.containsKey("run_id")) {
        previous = Optional.of(holder);
      }
    }
    long generation = latest + 1;
    Instant now = Instant.now();
    try {
      StoreObjects.createExclusive(
          fs,
          new Path(directory, key(generation)),
          encode(runId, "active", now, now.plus(duration)));
    } catch (FileAlreadyExistsException e) {
      Map<String, String> winner = Map.of();
      try {
        winner = parse(TableCommits.read(fs, new Path(directory, key(generation))));
      } catch (IOException ignored) {
        // fall through with what we know
      }
      throw busy(root, date, winner);
    }
    return new DateLease(fs, root, date, runId, generation, now, duration, previous);
  }

  /** The lease a dead run left behind, when this lease took over from one. */
  Optional<Map<String, String>> abandoned() {
    return abandoned;
  }

  /** Fails unless this run still holds the date (checked right before the commit point). */
  void check() throws IOException {
    Path directory = new Path(root, LEASES + "/date=" + date);
    if (TableCommits.list(fs, directory).length == 0
        || fs.exists(new Path(directory, key(generation + 1)))) {
      throw new NetcostException(
          ErrorKind.USER,
          "Run "
              + runId
              + " lost its lease on "
              + date
              + " (another run took it over, e.g. after this run stalled for "
              + duration.toMinutes()
              + " min); nothing was published by this run");
    }
  }

  @Override
  public void close() throws IOException {
    if (released) {
      return;
    }
    released = true;
    renewer.shutdownNow();
    Path path = new Path(root, LEASES + "/date=" + date + "/" + key(generation));
    TableCommits.writeObject(fs, path, encode(runId, "released", acquiredAt, Instant.now()));
  }

  private void renewQuietly() {
    if (released) {
      return;
    }
    try {
      Path path = new Path(root, LEASES + "/date=" + date + "/" + key(generation));
      TableCommits.writeObject(
          fs, path, encode(runId, "active", acquiredAt, Instant.now().plus(duration)));
    } catch (IOException | RuntimeException e) {
      // the next renewal tries again; check() before the commit point is what counts
    }
  }

  static boolean isLive(Map<String, String> lease, Instant now) {
    if (!"active".equals(lease.get("state"))) {
      return false;
    }
    Instant expires = Instant.parse(lease.get("expires_at"));
    if (!expires.isAfter(now)) {
      return false;
    }
    if (host().equals(lease.get("host"))) {
      // same machine: a process that is gone cannot come back (kill -9, OOM, power loss)
      long pid = Long.parseLong(lease.get("pid"));
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isEmpty() || !process.get().isAlive()) {
        return false;
      }
      String started = lease.get("process_started");
      Optional<Instant> actual = process.get().info().startInstant();
      if (started != null && actual.isPresent() && !started.equals(actual.get().toString())) {
        return false; // the pid was reused
      }
    }
    return true;
  }

  private static NetcostException busy(Path root, LocalDate date, Map<String, String> holder) {
    return new NetcostException(
        ErrorKind.USER,
        "Date "
            + date
            + " of "
            + root
            + " is being written by run "
            + holder.getOrDefault("run_id", "?")
            + " (host "
            + holder.getOrDefault("host", "?")
            + ", pid "
            + holder.getOrDefault("pid", "?")
            + ", since "
            + holder.getOrDefault("acquired_at", "?")
            + "); nothing was changed. Run again when it has finished (its lease expires at "
            + holder.getOrDefault("expires_at", "?")
            + " if it died).");
  }

  private static String key(long generation) {
    return String.format("%010d.lease", generation);
  }

  private static byte[] encode(String runId, String state, Instant acquiredAt, Instant expiresAt) {
    ProcessHandle self = ProcessHandle.current();
    StringBuilder text = new StringBuilder();
    text.append("run_id ").append(runId).append('\n');
    text.append("state ").append(state).append('\n');
    text.append("host ").append(host()).append('\n');
    text.append("pid ").append(self.pid()).append('\n');
    self.info()
        .startInstant()
        .ifPresent(start -> text.append("process_started ").append(start).append('\n'));
    text.append("acquired_at ").append(acquiredAt).append('\n');
    text.append("expires_at ").append(expiresAt).append('\n');
    return text.toString().getBytes(UTF_8);
  }

  static Map<String, String> parse(byte[] bytes) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : new String(bytes, UTF_8).split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0) {
        values.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return values;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName().replace(' ', '_');
    } catch (IOException e) {
      return "unknown";
    }
  }
}
