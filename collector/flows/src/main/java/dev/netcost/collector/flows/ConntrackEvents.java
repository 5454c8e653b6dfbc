package dev.netcost.collector.flows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.Metrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * DESTROY events with final counters, from {@code conntrack -E -e DESTROY -o extended,id -b N}. The
 * tool prints {@code WARNING: We have hit ENOBUFS! We are losing events.} on standard error when
 * the kernel drops events because the socket buffer is full (older tool versions exit after it);
 * both, and any other exit, are reported to the listener as a loss, and the tool is restarted, so
 * the collector can resynchronise with a full dump.
 */
final class ConntrackEvents implements EventStream {
  private static final Logger LOG = System.getLogger(ConntrackEvents.class.getName());

  private final HostCommands host;
  private final String conntrack;
  private final long bufferBytes;
  private final Listener listener;
  private final LineReader lines;
  private final Thread supervisor;
  private final CountDownLatch firstSubscription = new CountDownLatch(1);
  private volatile Process process;
  private volatile boolean closed;
  private volatile boolean alive;

  ConntrackEvents(
      HostCommands host, String conntrack, long bufferBytes, Listener listener, Metrics metrics) {
    this.host = requireNonNull(host, "host is null");
    this.conntrack = requireNonNull(conntrack, "conntrack is null");
    this.bufferBytes = bufferBytes;
    this.listener = requireNonNull(listener, "listener is null");
    this.lines = new LineReader(metrics);
    this.supervisor = new Thread(this::supervise, "conntrack-events");
    this.supervisor.setDaemon(true);
  }

  List<String> command() {
    return host.command(
        List.of(
            conntrack,
            "-E",
            "-e",
            "DESTROY",
            "-o",
            "extended,id",
            "-b",
            Long.toString(bufferBytes)));
  }

  /**
   * Starts the tool and waits until it has subscribed (it reports the socket buffer size once the
   * subscription exists), so no DESTROY after this returns is missed.
   */
  @Override
  public void start() throws IOException {
    supervisor.start();
    try {
      if (!firstSubscription.await(30, TimeUnit.SECONDS)) {
        throw new IOException("conntrack event subscription did not start: " + command());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while starting " + command(), e);
    }
  }

  @Override
  public boolean alive() {
    return alive;
  }

  private void supervise() {
    while (!closed) {
      try {
        runOnce();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.ERROR, "conntrack event reader failed: " + e);
      } catch (InterruptedException e) {
        return;
      }
      alive = false;
      if (closed) {
        return;
      }
      listener.lost("event tool exited");
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void runOnce() throws IOException, InterruptedException {
    Process started = new ProcessBuilder(command()).start();
    process = started;
    started.getOutputStream().close();
    Thread errors = new Thread(() -> readErrors(started), "conntrack-events-stderr");
    errors.setDaemon(true);
    errors.start();
    ConntrackParser parser = new ConntrackParser("'" + String.join(" ", command()) + "'");
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(started.getInputStream(), UTF_8), 1 << 16)) {
      lines.read(
          reader,
          parser,
          line -> {
            if (line.type() != ConntrackParser.EventType.DESTROY) {
              return;
            }
            try {
              listener.destroyed(line.entry());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              started.destroy();
            }
          });
    }
    started.waitFor();
    if (!closed) {
      LOG.log(
          Level.WARNING,
          "{0} exited with code {1}; restarting it",
          String.join(" ", command()),
          started.exitValue());
    }
  }

  private void readErrors(Process started) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(started.getErrorStream(), UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("NOTICE: Netlink socket buffer size")) {
          alive = true;
          firstSubscription.countDown();
        } else if (line.contains("ENOBUFS")) {
          LOG.log(Level.WARNING, "conntrack events lost (ENOBUFS); resynchronising by a full dump");
          listener.lost("ENOBUFS");
        } else if (!line.isBlank() && !closed) {
          LOG.log(Level.INFO, "conntrack -E: {0}", line);
        }
      }
    } catch (IOException e) {
      // process gone
    }
  }

  @Override
  public void close() {
    closed = true;
    Process current = process;
    if (current != null) {
      current.destroy();
      try {
        if (!current.waitFor(5, TimeUnit.SECONDS)) {
          current.destroyForcibly();
        }
      } catch (InterruptedException e) {
        current.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    supervisor.interrupt();
  }
}
