package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * charts/netcost rendered and linted by Helm (helm-java): it renders the objects of the kustomize
 * overlays with the same security-relevant fields, follows the same policy, and its values schema
 * rejects bad values with Helm's message naming the value.
 */
final class HelmChartTest {
  private static final String NIGHTLY = "CronJob netcost/netcost-nightly";

  /** The chart's values that correspond to an overlay (its example file; no dashboards). */
  static List<Manifest> renderLike(Overlay overlay) {
    return HelmChart.render(
        overlay.cloud(),
        Map.of(
            "sparkOperator.enabled",
            overlay.sparkOperator(),
            "monitoring.dashboards.enabled",
            false));
  }

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void chartRendersTheOverlaysObjectsAndFollowsThePolicy(Overlay overlay) {
    List<Manifest> chart = renderLike(overlay);
    assertThat(Policy.violations(chart)).isEmpty();
    assertThat(chart.stream().map(Manifest::id).sorted().toList())
        .isEqualTo(
            overlay.render(Kustomize.kubectl()).stream().map(Manifest::id).sorted().toList());
    assertThat(chart)
        .allSatisfy(
            m ->
                assertThat(m.metadata().getLabels())
                    .containsEntry("app.kubernetes.io/part-of", "netcost")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm"));
  }

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void chartAndKustomizeRenderTheSameSecurityRelevantFields(Overlay overlay) {
    Map<String, String> chart = SecurityView.of(renderLike(overlay));
    Map<String, String> kustomize = SecurityView.of(overlay.render(Kustomize.kubectl()));
    assertThat(SecurityView.differences(chart, kustomize)).isEmpty();
    // the view is not empty by accident: it holds the one capability and the host network
    assertThat(chart)
        .containsEntry("DaemonSet netcost-node/netcost-flow-collector hostNetwork", "true")
        .hasSizeGreaterThan(60);
    assertThat(
            chart.get(
                "DaemonSet netcost-node/netcost-flow-collector container flow-collector securityContext"))
        .contains("\"add\":[\"NET_ADMIN\"]");
  }

  /**
   * With the example values the chart's pods are the overlay's pods field for field (commands,
   * arguments, environment, resources, probes, volumes, placement): a change to a manifest, such as
   * new resource numbers for the collector, fails here until the chart's defaults follow it.
   */
  @ParameterizedTest
  @EnumSource(Overlay.class)
  void chartDefaultsRenderTheOverlaysPodsExactly(Overlay overlay) {
    io.fabric8.kubernetes.client.utils.KubernetesSerialization json =
        new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
    Map<String, String> chart = new TreeMap<>();
    for (Workload workload : Workload.of(renderLike(overlay))) {
      chart.put(workload.id(), json.asJson(workload.pod()));
    }
    Map<String, String> kustomize = new TreeMap<>();
    for (Workload workload : Workload.of(overlay.render(Kustomize.kubectl()))) {
      kustomize.put(workload.id(), json.asJson(workload.pod()));
    }
    assertThat(SecurityView.differences(chart, kustomize)).isEmpty();
    assertThat(chart).hasSize(overlay.sparkOperator() ? 5 : 4);
  }

  @Test
  void chartVersionFollowsTheImageTag() {
    Map<String, Object> chart = Yaml.readMap(HelmChart.directory().resolve("Chart.yaml"));
    Map<?, ?> image =
        (Map<?, ?>) Yaml.readMap(HelmChart.directory().resolve("values.yaml")).get("image");
    assertThat(chart.get("appVersion")).isEqualTo(image.get("tag"));
    assertThat(chart.get("version")).isEqualTo(image.get("tag"));
  }

  @Test
  void securityViewSeesAChangedCapability() {
    List<Manifest> chart = renderLike(Overlay.AWS);
    List<Manifest> changed = renderLike(Overlay.AWS);
    Sources.find(changed, "DaemonSet netcost-node/netcost-flow-collector")
        .as(DaemonSet.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getSecurityContext()
        .getCapabilities()
        .setAdd(List.of("NET_ADMIN", "NET_RAW"));
    assertThat(SecurityView.differences(SecurityView.of(changed), SecurityView.of(chart)))
        .singleElement()
        .asString()
        .startsWith(
            "DaemonSet netcost-node/netcost-flow-collector container flow-collector securityContext: ")
        .contains("[\"NET_ADMIN\",\"NET_RAW\"]");
  }

  @Test
  void everyOptionOnStillFollowsThePolicy() {
    List<Manifest> chart =
        HelmChart.render(
            "aws",
            Map.of(
                "sparkOperator.enabled", true,
                "monitoring.podMonitor.enabled", true,
                "monitoring.prometheusRule.enabled", true,
                "billing.export", "s3://example-billing/cur2/",
                "billing.format", "cur2",
                "networkCosts.config.destinations.in-region[0]", "10.1.0.0/16",
                "nightly.nodeSelector.pool", "batch",
                "metadataCollector.tolerations[0].key", "dedicated",
                "metadataCollector.tolerations[0].operator", "Exists"));
    assertThat(Policy.violations(chart)).isEmpty();
    assertThat(chart.stream().map(Manifest::kind).filter(k -> k.startsWith("P")).sorted())
        .containsExactly("PodDisruptionBudget", "PodMonitor", "PriorityClass", "PrometheusRule");
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "gcp", "azure"})
  void renderedYamlHasNoBlankOrTrailingWhitespaceLines(String provider) {
    for (Map<String, Object> set :
        List.<Map<String, Object>>of(
            Map.of(),
            Map.of(
                "sparkOperator.enabled", true,
                "monitoring.podMonitor.enabled", true,
                "monitoring.prometheusRule.enabled", true,
                "nightly.nodeSelector.pool", "batch",
                "networkCosts.config.destinations.in-region[0]", "10.1.0.0/16"))) {
      String yaml = HelmChart.template(List.of(HelmChart.example(provider)), set);
      assertThat(yaml.lines().filter(line -> !line.isEmpty() && line.isBlank()))
          .as("%s %s: whitespace-only lines", provider, set)
          .isEmpty();
      assertThat(yaml.lines().filter(line -> line.endsWith(" ")))
          .as("%s %s: trailing spaces", provider, set)
          .isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "gcp", "azure"})
  void lintPassesWithEachProvidersExample(String provider, @TempDir Path dir) {
    LintResult lint = HelmChart.lint(dir, read(HelmChart.example(provider)));
    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages())
        .noneMatch(m -> m.startsWith("[ERROR]") || m.startsWith("[WARNING]"));
  }

  @Test
  void lintOfTheBareDefaultsNamesTheMissingStoreAndCluster(@TempDir Path dir) {
    LintResult lint = HelmChart.lint(dir, "");
    assertThat(lint.isFailed()).isTrue();
    assertThat(String.join("\n", lint.getMessages()))
        .contains("at '/store': '' does not match pattern")
        .contains("at '/cluster': '' does not match pattern");
  }

  @Test
  void schemaRejectsAnUnknownProvider() {
    assertThatThrownBy(() -> HelmChart.render("aws", Map.of("provider", "oracle")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("- at '/provider': value must be one of 'aws', 'gcp', 'azure'");
  }

  @Test
  void schemaRejectsAScheduleThatIsNotAString() {
    // --set schedules.nightly=230 reaches the chart as a number
    assertThatThrownBy(() -> HelmChart.render("aws", Map.of("schedules.nightly", 230)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("- at '/schedules/nightly': got number, want string");
  }

  @Test
  void schemaRejectsAScheduleWithoutFiveFields() {
    assertThatThrownBy(() -> HelmChart.render("aws", Map.of("schedules.monthlyReport", "0 7 1 *")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("- at '/schedules/monthlyReport': '0 7 1 *' does not match pattern");
  }

  @Test
  void schemaRejectsAnUnknownBillingFormat() {
    assertThatThrownBy(() -> HelmChart.render("aws", Map.of("billing.format", "csv")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "- at '/billing/format': value must be one of '', 'cur', 'cur2', 'gcp', 'azure', 'focus'");
  }

  @Test
  void schemaRejectsAnotherCloudsBillingFormat() {
    assertThatThrownBy(() -> HelmChart.render("gcp", Map.of("billing.format", "cur")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("- at '/billing/format': value must be one of '', 'gcp', 'focus'");
  }

  @Test
  void schemaRejectsAStoreOfAnotherCloud() {
    assertThatThrownBy(() -> HelmChart.render("aws", Map.of("store", "gs://bucket/netcost")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "- at '/store': 'gs://bucket/netcost' does not match pattern '^s3://'");
  }

  @Test
  void schemaRejectsAMissingAzureClientId() {
    assertThatThrownBy(
            () -> HelmChart.render("azure", Map.of("identity.azure.clientIds.batch", "")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at '/identity/azure/clientIds/batch': '' does not match pattern");
  }

  @Test
  void schemaRejectsATypoAndAnUnpinnedImage() {
    assertThatThrownBy(
            () -> HelmChart.render("aws", Map.of("provder", "gcp", "image.tag", "latest")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("- at '': additional properties 'provder' not allowed")
        .hasMessageContaining("- at '/image/tag': 'latest' does not match pattern");
  }

  @Test
  void schemaRejectsAnIdentityForTheHostNetworkCollectorOnGcp() {
    assertThatThrownBy(
            () ->
                HelmChart.render(
                    "gcp",
                    Map.of(
                        "identity.gcp.serviceAccounts.flowCollector",
                        "netcost-flows@example-project.iam.gserviceaccount.com")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "- at '/identity/gcp/serviceAccounts': additional properties 'flowCollector' not allowed");
  }

  @Test
  void eksPodIdentityLeavesTheServiceAccountsUnannotated() {
    List<Manifest> chart = HelmChart.render("aws", Map.of("identity.aws.mode", "pod-identity"));
    assertThat(
            chart.stream()
                .filter(m -> m.resource() instanceof ServiceAccount)
                .map(m -> m.id() + " " + m.metadata().getAnnotations()))
        .containsExactlyInAnyOrder(
            "ServiceAccount netcost-node/netcost-flow-collector {}",
            "ServiceAccount netcost/netcost-batch {}",
            "ServiceAccount netcost/netcost-metadata-collector {}");
  }

  @Test
  void placementAndResourcesReachThePods() {
    List<Manifest> chart =
        HelmChart.render(
            "aws",
            Map.of(
                "nightly.nodeSelector.pool", "batch",
                "nightly.tolerations[0].key", "batch-only",
                "nightly.tolerations[0].operator", "Exists",
                "nightly.tolerations[0].effect", "NoSchedule",
                "flowCollector.resources.limits.memory", "512Mi",
                "image.registry", "registry.example.com:5000",
                "image.tag", "0.2.0"));
    PodSpec nightly = nightlyPod(chart);
    assertThat(nightly.getNodeSelector()).containsExactlyEntriesOf(Map.of("pool", "batch"));
    assertThat(nightly.getTolerations())
        .containsExactly(new Toleration("NoSchedule", "batch-only", "Exists", null, null));
    assertThat(nightly.getContainers().get(0).getImage())
        .isEqualTo("registry.example.com:5000/netcost/netcost-job:0.2.0");
    DaemonSet daemonSet =
        Sources.find(chart, "DaemonSet netcost-node/netcost-flow-collector").as(DaemonSet.class);
    Container collector = daemonSet.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(collector.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
    // the default: every node, whatever its taints
    assertThat(daemonSet.getSpec().getTemplate().getSpec().getTolerations())
        .containsExactly(new Toleration(null, null, "Exists", null, null));
    assertThat(Policy.violations(chart)).isEmpty();
  }

  @Test
  void namespacesManagedElsewhereAreNotRendered() {
    List<Manifest> chart = HelmChart.render("gcp", Map.of("namespaces.create", false));
    assertThat(chart).noneMatch(m -> m.kind().equals("Namespace"));
    // everything else still lands in the two namespaces
    assertThat(
            chart.stream()
                .map(Manifest::namespace)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .sorted())
        .containsExactly("netcost", "netcost-node");
    assertThat(Policy.violations(chart)).isEmpty();
  }

  @Test
  void billingExportReachesTheConfigMapWithTheProvidersDefaultFormat() {
    List<Manifest> chart =
        HelmChart.render(
            "azure", Map.of("billing.export", "abfss://exports@billing.dfs.core.windows.net/cost"));
    assertThat(
            new TreeMap<>(
                Sources.find(chart, "ConfigMap netcost/netcost-config")
                    .as(ConfigMap.class)
                    .getData()))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "store", "abfss://netcost@examplenetcost.dfs.core.windows.net/netcost",
                    "cluster", "example-aks-cluster",
                    "provider", "azure",
                    "billing-export", "abfss://exports@billing.dfs.core.windows.net/cost",
                    "billing-format", "azure")));
  }

  static PodSpec nightlyPod(List<Manifest> manifests) {
    return Sources.find(manifests, NIGHTLY)
        .as(CronJob.class)
        .getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  static String read(Path file) {
    try {
      return java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
