package dev.netcost.collector.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.collector.common.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubecostMetricsTest {
  @TempDir Path temp;

  @Test
  void podTrafficIsExportedWithKubecostLabels() throws Exception {
    Path pods = temp.resolve("pods");
    Files.writeString(
        pods, "# ip namespace pod\n10.244.1.5 shop cart-7d9f\n10.244.1.6 shop db-0\n");
    Metrics metrics = new Metrics();
    FlowAccountant accountant =
        new FlowAccountant(
            new FlowClassifier(new LocalEndpoints(Set.of("10.0.0.1"), List.of("10.244.1.0/24"))),
            0,
            new Metrics());
    accountant.startWindow(Instant.parse("2026-11-26T22:00:00Z"), 0);
    accountant.exportTo(new KubecostMetrics(metrics, new PodsFile(pods)));
    // cart -> internet, cart -> db (same node: egress of cart, ingress of db), node -> internet
    accountant.destroyed(
        FlowAccountantTest.tcp(1, "10.244.1.5", 40000, "52.94.1.9", 443, 100, 5000));
    accountant.destroyed(
        FlowAccountantTest.tcp(2, "10.244.1.5", 40001, "10.244.1.6", 5432, 30, 70));
    accountant.destroyed(FlowAccountantTest.tcp(3, "10.0.0.1", 40002, "52.94.1.9", 443, 9, 9));
    assertThat(metrics.exposition())
        .isEqualTo(
            """
            # HELP kubecost_pod_network_egress_bytes_total Bytes sent by a pod, Kubecost labels
            # TYPE kubecost_pod_network_egress_bytes_total counter
            kubecost_pod_network_egress_bytes_total{pod_name="cart-7d9f",namespace="shop",internet="true",same_region="false",same_zone="false",service=""} 100
            kubecost_pod_network_egress_bytes_total{pod_name="cart-7d9f",namespace="shop",internet="false",same_region="true",same_zone="true",service=""} 30
            kubecost_pod_network_egress_bytes_total{pod_name="db-0",namespace="shop",internet="false",same_region="true",same_zone="true",service=""} 70
            # HELP kubecost_pod_network_ingress_bytes_total Bytes received by a pod, Kubecost labels
            # TYPE kubecost_pod_network_ingress_bytes_total counter
            kubecost_pod_network_ingress_bytes_total{pod_name="cart-7d9f",namespace="shop",internet="true",same_region="false",same_zone="false",service=""} 5000
            kubecost_pod_network_ingress_bytes_total{pod_name="cart-7d9f",namespace="shop",internet="false",same_region="true",same_zone="true",service=""} 70
            kubecost_pod_network_ingress_bytes_total{pod_name="db-0",namespace="shop",internet="false",same_region="true",same_zone="true",service=""} 30
            """);
  }

  @Test
  void privateRanges() {
    assertThat(KubecostMetrics.isPrivate("10.1.2.3")).isTrue();
    assertThat(KubecostMetrics.isPrivate("172.31.0.1")).isTrue();
    assertThat(KubecostMetrics.isPrivate("172.32.0.1")).isFalse();
    assertThat(KubecostMetrics.isPrivate("100.64.0.1")).isTrue();
    assertThat(KubecostMetrics.isPrivate("fd00::1")).isTrue();
    assertThat(KubecostMetrics.isPrivate("fe80::1")).isTrue();
    assertThat(KubecostMetrics.isPrivate("2600:1f18::1")).isFalse();
    assertThat(KubecostMetrics.isPrivate("8.8.8.8")).isFalse();
  }
}
