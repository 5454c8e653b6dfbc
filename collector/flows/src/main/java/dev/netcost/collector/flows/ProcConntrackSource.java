package dev.netcost.collector.flows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.Metrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The fallback source: the kernel's {@code /proc/net/nf_conntrack} text (kernels built with {@code
 * CONFIG_NF_CONNTRACK_PROCFS}). It has no conntrack ids and no events: connections are tracked by
 * their original tuple, and a connection that opens and closes between two reads is not seen.
 */
final class ProcConntrackSource implements ConntrackSource {
  private final HostCommands host;
  private final Path file;
  private final LineReader lines;

  ProcConntrackSource(HostCommands host, Path file, Metrics metrics) {
    this.host = requireNonNull(host, "host is null");
    this.file = requireNonNull(file, "file is null");
    this.lines = new LineReader(metrics);
  }

  @Override
  public DumpResult dump(DumpSink consumer) throws IOException {
    ConntrackParser parser = new ConntrackParser(file.toString());
    if (host.prefix().isEmpty()) {
      try (BufferedReader reader = Files.newBufferedReader(file, UTF_8)) {
        long[] counts = lines.read(reader, parser, line -> consumer.accept(line.entry()));
        return new DumpResult(counts[0], counts[1]);
      }
    }
    Process process =
        new ProcessBuilder(host.command(List.of("cat", file.toString())))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8), 1 << 16)) {
      long[] counts = lines.read(reader, parser, line -> consumer.accept(line.entry()));
      if (process.waitFor() != 0) {
        throw new IOException("Cannot read " + file + " (exit code " + process.exitValue() + ")");
      }
      return new DumpResult(counts[0], counts[1]);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while reading " + file, e);
    }
  }

  @Override
  public boolean hasEvents() {
    return false;
  }

  @Override
  public String description() {
    return file.toString();
  }
}
