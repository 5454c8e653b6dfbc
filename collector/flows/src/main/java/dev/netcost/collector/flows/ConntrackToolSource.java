package dev.netcost.collector.flows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.Metrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Table dumps through conntrack-tools: {@code conntrack -L -o extended,id}, which reads the table
 * over ctnetlink (IPv4 and IPv6 together) and works on kernels built without {@code
 * /proc/net/nf_conntrack}. The output is streamed and parsed line by line, so memory does not grow
 * with the table.
 */
final class ConntrackToolSource implements ConntrackSource {
  private final HostCommands host;
  private final String conntrack;
  private final LineReader lines;

  ConntrackToolSource(HostCommands host, String conntrack, Metrics metrics) {
    this.host = requireNonNull(host, "host is null");
    this.conntrack = requireNonNull(conntrack, "conntrack is null");
    this.lines = new LineReader(metrics);
  }

  @Override
  public DumpResult dump(DumpSink consumer) throws IOException {
    List<String> command = host.command(List.of(conntrack, "-L", "-o", "extended,id"));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    ErrorCollector errors = new ErrorCollector(process);
    errors.start();
    long[] counts;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8), 1 << 16)) {
      counts =
          lines.read(
              reader,
              new ConntrackParser("'" + String.join(" ", command) + "'"),
              line -> consumer.accept(line.entry()),
              consumer);
    } catch (RuntimeException | IOException e) {
      process.destroyForcibly();
      throw e;
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("Timed out waiting for " + String.join(" ", command));
      }
      errors.join(5000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while dumping conntrack", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command)
              + " failed with exit code "
              + process.exitValue()
              + ": "
              + errors.text().strip());
    }
    return new DumpResult(counts[0], counts[1]);
  }

  @Override
  public boolean hasEvents() {
    return true;
  }

  @Override
  public String description() {
    return String.join(" ", host.command(List.of(conntrack, "-L", "-o", "extended,id")));
  }

  /** Drains standard error in the background so the tool never blocks on a full pipe. */
  private static final class ErrorCollector extends Thread {
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    ErrorCollector(Process process) {
      super("conntrack-dump-stderr");
      setDaemon(true);
      this.process = process;
    }

    @Override
    public void run() {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(process.getErrorStream(), UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          synchronized (lines) {
            if (lines.size() < 20) {
              lines.add(line);
            }
          }
        }
      } catch (IOException e) {
        // process gone
      }
    }

    String text() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }
  }
}
