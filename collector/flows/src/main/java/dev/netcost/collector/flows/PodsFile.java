package dev.netcost.collector.flows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.LocalPods;
import dev.netcost.contract.IpAddresses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Local pods from a file the operator maintains: one {@code ip namespace pod} per line, {@code #}
 * comments, re-read when its modification time changes. A missing file means no pods known yet; an
 * unreadable one keeps the last good list.
 */
final class PodsFile implements LocalPods {
  private final Path podsFile;
  private Map<String, Pod> pods = Map.of();
  private long podsFileModified = Long.MIN_VALUE;

  PodsFile(Path podsFile) {
    this.podsFile = requireNonNull(podsFile, "podsFile is null");
  }

  @Override
  public synchronized Pod byIp(String canonicalIp) {
    try {
      long modified = Files.getLastModifiedTime(podsFile).toMillis();
      if (modified != podsFileModified) {
        Map<String, Pod> parsed = new HashMap<>();
        List<String> lines = Files.readAllLines(podsFile, UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          String[] fields = line.split("\\s+");
          if (fields.length != 3) {
            throw new IllegalArgumentException(
                podsFile + " line " + (i + 1) + ": expected 'ip namespace pod': '" + line + "'");
          }
          parsed.put(IpAddresses.canonical(fields[0]), new Pod(fields[1], fields[2]));
        }
        pods = parsed;
        podsFileModified = modified;
      }
    } catch (IOException e) {
      // keep the last good list; a missing file means no pods known yet
    }
    return pods.get(canonicalIp);
  }

  @Override
  public String toString() {
    return "pods file " + podsFile;
  }

  @Override
  public void close() {}
}
