package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code kubectl kustomize} builds every overlay, and what it builds loads, follows the policy and
 * carries the cloud identity.
 */
final class KustomizeBuildTest {
  private static final List<String> ACCOUNTS =
      List.of(
          "netcost-node/netcost-flow-collector",
          "netcost/netcost-metadata-collector",
          "netcost/netcost-batch");

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void overlayBuildsLoadsAndFollowsThePolicy(Overlay overlay) {
    List<Manifest> manifests = overlay.render(Kustomize.kubectl());
    assertThat(Policy.violations(manifests)).isEmpty();
    Map<String, Long> kinds =
        manifests.stream()
            .collect(Collectors.groupingBy(Manifest::kind, TreeMap::new, Collectors.counting()));
    Map<String, Long> expected =
        new TreeMap<>(
            Map.ofEntries(
                Map.entry("ClusterRole", 2L),
                Map.entry("ClusterRoleBinding", 2L),
                Map.entry("ConfigMap", 2L),
                Map.entry("CronJob", overlay.sparkOperator() ? 1L : 2L),
                Map.entry("DaemonSet", 1L),
                Map.entry("Deployment", 1L),
                Map.entry("Namespace", 2L),
                Map.entry("NetworkPolicy", overlay.sparkOperator() ? 2L : 1L),
                Map.entry("PodDisruptionBudget", 1L),
                Map.entry("PriorityClass", 1L),
                Map.entry("Role", overlay.sparkOperator() ? 2L : 1L),
                Map.entry("RoleBinding", overlay.sparkOperator() ? 2L : 1L),
                Map.entry("ServiceAccount", overlay.sparkOperator() ? 4L : 3L)));
    if (overlay.sparkOperator()) {
      expected.put("ScheduledSparkApplication", 1L);
    }
    assertThat(kinds).containsExactlyEntriesOf(expected);
    // the base's common label reaches every object
    assertThat(manifests)
        .allSatisfy(
            m ->
                assertThat(m.metadata().getLabels())
                    .containsEntry("app.kubernetes.io/part-of", "netcost"));
  }

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void bothConfigMapsCarryTheOverlaysStore(Overlay overlay) {
    List<Manifest> manifests = overlay.render(Kustomize.kubectl());
    String scheme =
        switch (overlay.cloud()) {
          case "aws" -> "s3://";
          case "gcp" -> "gs://";
          case "azure" -> "abfss://";
          default -> throw new AssertionError(overlay.cloud());
        };
    Map<String, String> app =
        Sources.find(manifests, "ConfigMap netcost/netcost-config").as(ConfigMap.class).getData();
    Map<String, String> node =
        Sources.find(manifests, "ConfigMap netcost-node/netcost-config")
            .as(ConfigMap.class)
            .getData();
    assertThat(app).isEqualTo(node);
    assertThat(app.get("store")).startsWith(scheme);
    assertThat(app.get("cluster"))
        .isEqualTo(
            "example-"
                + Map.of("aws", "eks", "gcp", "gke", "azure", "aks").get(overlay.cloud())
                + "-cluster");
  }

  @Test
  void awsBindsAnIamRoleToEachServiceAccount() {
    List<Manifest> manifests = Overlay.AWS.render(Kustomize.kubectl());
    assertThat(annotations(manifests, "eks.amazonaws.com/role-arn"))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "netcost-node/netcost-flow-collector",
                        "arn:aws:iam::111122223333:role/netcost-flow-collector",
                    "netcost/netcost-metadata-collector",
                        "arn:aws:iam::111122223333:role/netcost-metadata-collector",
                    "netcost/netcost-batch", "arn:aws:iam::111122223333:role/netcost-batch")));
  }

  @Test
  void gcpBindsIamServiceAccountsExceptOnTheHostNetwork() {
    List<Manifest> manifests = Overlay.GCP.render(Kustomize.kubectl());
    // the host-network flow collector cannot use Workload Identity Federation: no annotation
    assertThat(annotations(manifests, "iam.gke.io/gcp-service-account"))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "netcost-node/netcost-flow-collector", "",
                    "netcost/netcost-metadata-collector",
                        "netcost-metadata@example-project.iam.gserviceaccount.com",
                    "netcost/netcost-batch",
                        "netcost-batch@example-project.iam.gserviceaccount.com")));
  }

  @Test
  void azureBindsClientIdsAndLabelsEveryPod() {
    List<Manifest> manifests = Overlay.AZURE.render(Kustomize.kubectl());
    assertThat(annotations(manifests, "azure.workload.identity/client-id"))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "netcost-node/netcost-flow-collector", "00000000-0000-0000-0000-000000000001",
                    "netcost/netcost-metadata-collector", "00000000-0000-0000-0000-000000000002",
                    "netcost/netcost-batch", "00000000-0000-0000-0000-000000000003")));
    List<Map<String, String>> podLabels =
        List.of(
            Sources.find(manifests, "DaemonSet netcost-node/netcost-flow-collector")
                .as(DaemonSet.class)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels(),
            Sources.find(manifests, "Deployment netcost/netcost-metadata-collector")
                .as(Deployment.class)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels(),
            Sources.find(manifests, "CronJob netcost/netcost-nightly")
                .as(CronJob.class)
                .getSpec()
                .getJobTemplate()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels(),
            Sources.find(manifests, "CronJob netcost/netcost-monthly-report")
                .as(CronJob.class)
                .getSpec()
                .getJobTemplate()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels());
    assertThat(podLabels)
        .allSatisfy(
            labels -> assertThat(labels).containsEntry("azure.workload.identity/use", "true"));
  }

  @Test
  void sparkOperatorVariantReplacesOnlyTheNightlyCronJob() {
    List<Manifest> manifests = Overlay.AWS_SPARK_OPERATOR.render(Kustomize.kubectl());
    ScheduledSparkApplication spark =
        Sources.find(manifests, "ScheduledSparkApplication netcost/netcost-nightly")
            .as(ScheduledSparkApplication.class);
    assertThat(spark.spec().schedule()).isEqualTo("30 2 * * *");
    assertThat(spark.spec().template().image())
        .isEqualTo("ghcr.io/netcost/netcost-job-spark:0.1.0");
    assertThat(manifests.stream().filter(m -> m.kind().equals("CronJob")).map(Manifest::id))
        .containsExactly("CronJob netcost/netcost-monthly-report");
  }

  @Test
  void brokenKustomizationFailsWithKubectlsMessage(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - missing.yaml\n");
    Path kubectl = Kustomize.kubectl();
    assertThatThrownBy(() -> Kustomize.build(kubectl, dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(kubectl + " kustomize " + dir + " failed (exit 1): ")
        .hasMessageContaining("missing.yaml");
  }

  /** The annotation's value per netcost service account of the three core ones ("" when absent). */
  private static Map<String, String> annotations(List<Manifest> manifests, String key) {
    Map<String, String> values = new TreeMap<>();
    for (String account : ACCOUNTS) {
      String[] parts = account.split("/");
      ServiceAccount serviceAccount =
          Sources.find(manifests, "ServiceAccount " + parts[0] + "/" + parts[1])
              .as(ServiceAccount.class);
      Map<String, String> annotations = serviceAccount.getMetadata().getAnnotations();
      values.put(account, annotations == null ? "" : annotations.getOrDefault(key, ""));
    }
    return values;
  }
}
