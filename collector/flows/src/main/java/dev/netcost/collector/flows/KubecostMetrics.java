package dev.netcost.collector.flows;

import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.LocalPods;
import dev.netcost.collector.common.Metrics;
import dev.netcost.contract.IpAddresses;

/**
 * The two counters Kubecost's network-costs agent exposes on port 3001, so OpenCost can scrape this
 * agent instead: {@code kubecost_pod_network_egress_bytes_total} and {@code
 * kubecost_pod_network_ingress_bytes_total} with labels {@code pod_name, namespace, internet,
 * same_region, same_zone, service}. Egress is what a local pod sent, ingress what it received.
 *
 * <p>Pod knowledge comes from {@link LocalPods}: the pods file ({@link PodsFile}) or the Kubernetes
 * API (a node-scoped pod informer); traffic of local addresses no pod holds is not exported.
 * Classification follows Kubecost's documented default: a peer in private address space (RFC 1918,
 * CGNAT, link-local, loopback, IPv6 ULA/link-local) is {@code same_zone="true", same_region="true",
 * internet="false"}; any other peer is {@code internet="true"} with both others {@code "false"};
 * {@code service} is empty. That default cannot see cross-zone traffic inside private space; the
 * nightly job's classification (node zones from the metadata snapshots) is the exact one.
 */
final class KubecostMetrics {
  private final Metrics metrics;
  private final LocalPods pods;

  KubecostMetrics(Metrics metrics, LocalPods pods) {
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.pods = requireNonNull(pods, "pods is null");
  }

  /** Records bytes of one flow key as the accountant attributes them. */
  synchronized void record(FlowKey key, long sentBytes, long receivedBytes) {
    LocalPods.Pod pod = pods.byIp(key.localIp());
    if (pod == null) {
      return;
    }
    boolean internet = !isPrivate(key.peerIp());
    String[] labels = {
      "pod_name",
      pod.name(),
      "namespace",
      pod.namespace(),
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
