package dev.netcost.collector.flows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.Metrics;
import dev.netcost.contract.IpAddresses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two counters Kubecost's network-costs agent exposes on port 3001, so OpenCost can scrape this
 * agent instead: {@code kubecost_pod_network_egress_bytes_total} and {@code
 * kubecost_pod_network_ingress_bytes_total} with labels {@code pod_name, namespace, internet,
 * same_region, same_zone, service}. Egress is what a local pod sent, ingress what it received.
 *
 * <p>Pod knowledge comes from a pods file (one {@code ip namespace pod} per line, {@code #}
 * comments), re-read when it changes; traffic of local addresses not in it is not exported.
 * Classification follows Kubecost's documented default: a peer in private address space (RFC 1918,
 * CGNAT, link-local, loopback, IPv6 ULA/link-local) is {@code same_zone="true", same_region="true",
 * internet="false"}; any other peer is {@code internet="true"} with both others {@code "false"};
 * {@code service} is empty. That default cannot see cross-zone traffic inside private space; the
 * nightly job's classification (node zones from the metadata snapshots) is the exact one.
 */
final class KubecostMetrics {
  private final Metrics metrics;
  private final Path podsFile;
  private Map<String, String[]> pods = Map.of();
  private long podsFileModified = Long.MIN_VALUE;

  KubecostMetrics(Metrics metrics, Path podsFile) {
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.podsFile = requireNonNull(podsFile, "podsFile is null");
  }

  /** Records bytes of one flow key as the accountant attributes them. */
  synchronized void record(FlowKey key, long sentBytes, long receivedBytes) {
    String[] pod = pods().get(key.localIp());
    if (pod == null) {
      return;
    }
    boolean internet = !isPrivate(key.peerIp());
    String[] labels = {
      "pod_name",
      pod[1],
      "namespace",
      pod[0],
      "internet",
      Boolean.toString(internet),
      "same_region",
      Boolean.toString(!internet),
      "same_zone",
      Boolean.toString(!internet),
      "service",
      ""
    };
    if (sentBytes > 0) {
      metrics
          .counter(
              "kubecost_pod_network_egress_bytes_total",
              "Bytes sent by a pod, Kubecost labels",
              labels)
          .add(sentBytes);
    }
    if (receivedBytes > 0) {
      metrics
          .counter(
              "kubecost_pod_network_ingress_bytes_total",
              "Bytes received by a pod, Kubecost labels",
              labels)
          .add(receivedBytes);
    }
  }

  private Map<String, String[]> pods() {
    try {
      long modified = Files.getLastModifiedTime(podsFile).toMillis();
      if (modified != podsFileModified) {
        Map<String, String[]> parsed = new HashMap<>();
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
          parsed.put(IpAddresses.canonical(fields[0]), new String[] {fields[1], fields[2]});
        }
        pods = parsed;
        podsFileModified = modified;
      }
    } catch (IOException e) {
      // keep the last good list; a missing file means no pods known yet
    }
    return pods;
  }

  static boolean isPrivate(String canonical) {
    byte[] a = IpAddresses.parse(canonical);
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    if (a.length == 4) {
      return b0 == 10
          || (b0 == 172 && b1 >= 16 && b1 <= 31)
          || (b0 == 192 && b1 == 168)
          || (b0 == 100 && b1 >= 64 && b1 <= 127)
          || (b0 == 169 && b1 == 254)
          || b0 == 127;
    }
    return (b0 & 0xfe) == 0xfc || (b0 == 0xfe && (b1 & 0xc0) == 0x80) || canonical.equals("::1");
  }
}
