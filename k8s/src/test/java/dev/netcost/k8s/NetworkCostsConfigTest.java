package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.pricing.ClassificationRules;
import dev.netcost.pricing.Destination;
import dev.netcost.pricing.DestinationClassifier;
import dev.netcost.pricing.LocalEndpoint;
import dev.netcost.pricing.ProviderRanges;
import dev.netcost.pricing.TrafficClass;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubecost's {@code networkCosts:} block given to the chart as is reaches the nightly job as a file
 * that netcost's own loader ({@link ClassificationRules}) reads with the rules the user wrote.
 */
final class NetworkCostsConfigTest {
  /**
   * A block as Kubecost users keep it in their cost-analyzer values (with keys netcost ignores).
   */
  private static final String KUBECOST_BLOCK =
      """
      networkCosts:
        enabled: true
        podSecurityPolicy:
          enabled: false
        config:
          destinations:
            in-zone:
              - "127.0.0.0/8"
              - "169.254.0.0/16"
              - "10.0.0.0/8"
              - "172.16.0.0/12"
              - "192.168.0.0/16"
            in-region:
              - "100.64.0.0/16"
            cross-region: []
            internet: []
            direct-classification:
              - region: "us-east-1"
                zone: "us-east-1b"
                ips:
                  - "10.2.0.0/16"
          services:
            amazon-web-services: true
            google-cloud-services: false
            azure-cloud-services: false
      """;

  @Test
  void kubecostBlockReachesTheNightlyJobsLoader(@TempDir Path dir) throws IOException {
    Path values = Files.writeString(dir.resolve("kubecost-network-costs.yaml"), KUBECOST_BLOCK);
    List<Manifest> chart = HelmChart.render(List.of(HelmChart.example("aws"), values), Map.of());
    assertThat(Policy.violations(chart)).isEmpty();
    String config =
        Sources.find(chart, "ConfigMap netcost/netcost-network-costs")
            .as(ConfigMap.class)
            .getData()
            .get("config.yaml");
    Path file = Files.writeString(dir.resolve("config.yaml"), config);
    ClassificationRules rules = ClassificationRules.load(file);
    // Kubecost's default in-zone list, accepted with one warning per broad private block
    assertThat(rules.warnings())
        .hasSize(3)
        .allMatch(
            w -> w.startsWith(file + " line ") && w.contains("(Kubecost's default, kubecost#820)"));
    DestinationClassifier classifier = new DestinationClassifier(rules, ProviderRanges.empty());
    LocalEndpoint local = new LocalEndpoint("aws", "us-east-1", Optional.of("us-east-1a"));
    Destination direct = classifier.classify(local, "10.2.3.4");
    assertThat(direct.trafficClass()).isEqualTo(TrafficClass.CROSS_ZONE);
    assertThat(direct.basis()).isEqualTo(Destination.Basis.USER_RULE);
    assertThat(direct.peerZone()).contains("us-east-1b");
    assertThat(classifier.classify(local, "100.64.1.1").basis())
        .isEqualTo(Destination.Basis.USER_RULE);
    // the nightly pod reads it where its script looks for it
    PodSpec nightly = HelmChartTest.nightlyPod(chart);
    assertThat(nightly.getContainers().get(0).getVolumeMounts())
        .anySatisfy(
            mount -> {
              assertThat(mount.getName()).isEqualTo("network-costs");
              assertThat(mount.getMountPath()).isEqualTo("/etc/netcost/network-costs");
            });
    assertThat(nightly.getVolumes())
        .filteredOn(volume -> volume.getName().equals("network-costs"))
        .singleElement()
        .satisfies(
            volume ->
                assertThat(volume.getConfigMap().getName()).isEqualTo("netcost-network-costs"));
    assertThat(nightly.getContainers().get(0).getCommand().get(2))
        .contains("--kubecost-config /etc/netcost/network-costs/config.yaml");
  }

  @Test
  void aKubecostTypoFailsInTheJobsLoaderNamingTheField(@TempDir Path dir) throws IOException {
    Path values =
        Files.writeString(
            dir.resolve("typo.yaml"),
            KUBECOST_BLOCK.replace("zone: \"us-east-1b\"", "zone: \"us-east1-b\""));
    List<Manifest> chart = HelmChart.render(List.of(HelmChart.example("aws"), values), Map.of());
    Path file =
        Files.writeString(
            dir.resolve("config.yaml"),
            Sources.find(chart, "ConfigMap netcost/netcost-network-costs")
                .as(ConfigMap.class)
                .getData()
                .get("config.yaml"));
    assertThatThrownBy(() -> ClassificationRules.load(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("field destinations.direct-classification[0].zone")
        .hasMessageContaining("zone 'us-east1-b' is not in region 'us-east-1'");
  }

  @Test
  void withoutTheBlockNothingIsMounted() {
    List<Manifest> chart = HelmChart.render("aws", Map.of());
    assertThat(chart).noneMatch(m -> m.id().equals("ConfigMap netcost/netcost-network-costs"));
    assertThat(HelmChartTest.nightlyPod(chart).getVolumes())
        .extracting(v -> v.getName())
        .containsExactly("tmp", "scratch");
  }
}
