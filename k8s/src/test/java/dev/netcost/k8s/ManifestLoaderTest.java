package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every manifest under k8s/ loads into typed objects, and the loader refuses what it should. */
final class ManifestLoaderTest {
  @Test
  void everyManifestFileLoadsIntoTypedObjects() {
    Path root = Paths.k8s();
    List<Path> files = ManifestLoader.manifestFiles(root);
    Map<String, List<String>> kindsByFile = new TreeMap<>();
    for (Path file : files) {
      List<Manifest> manifests = ManifestLoader.loadFile(file, root);
      kindsByFile.put(
          root.relativize(file).toString(),
          manifests.stream().map(Manifest::kind).collect(Collectors.toList()));
    }
    // the exact inventory: a new file or document must be added here on purpose
    assertThat(kindsByFile)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.ofEntries(
                    Map.entry("base/config.yaml", List.of("ConfigMap", "ConfigMap")),
                    Map.entry("base/flow-collector.yaml", List.of("ServiceAccount", "DaemonSet")),
                    Map.entry(
                        "base/metadata-collector.yaml",
                        List.of("ServiceAccount", "Deployment", "PodDisruptionBudget")),
                    Map.entry("base/namespaces.yaml", List.of("Namespace", "Namespace")),
                    Map.entry("base/network-policy.yaml", List.of("NetworkPolicy")),
                    Map.entry(
                        "cronjobs/spark-operator/network-policy.yaml", List.of("NetworkPolicy")),
                    Map.entry("base/priority-class.yaml", List.of("PriorityClass")),
                    Map.entry(
                        "base/rbac.yaml",
                        List.of("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")),
                    Map.entry("cronjobs/batch-serviceaccount.yaml", List.of("ServiceAccount")),
                    Map.entry("cronjobs/monthly-report.yaml", List.of("CronJob")),
                    Map.entry("cronjobs/nightly.yaml", List.of("CronJob")),
                    Map.entry(
                        "cronjobs/spark-operator/scheduled-nightly.yaml",
                        List.of("ScheduledSparkApplication")),
                    Map.entry(
                        "cronjobs/spark-operator/spark-rbac.yaml",
                        List.of("ServiceAccount", "Role", "RoleBinding")),
                    Map.entry("monitoring/pod-monitor.yaml", List.of("PodMonitor")),
                    Map.entry("monitoring/prometheus-rule.yaml", List.of("PrometheusRule")),
                    Map.entry("overlays/aws/patches/config.yaml", List.of("ConfigMap")),
                    Map.entry(
                        "overlays/aws/patches/identity.yaml",
                        List.of("ServiceAccount", "ServiceAccount", "ServiceAccount")),
                    Map.entry("overlays/azure/patches/config.yaml", List.of("ConfigMap")),
                    Map.entry(
                        "overlays/azure/patches/identity.yaml",
                        List.of("ServiceAccount", "ServiceAccount", "ServiceAccount")),
                    Map.entry(
                        "overlays/azure/patches/pod-labels.yaml",
                        List.of("DaemonSet", "Deployment", "CronJob", "CronJob")),
                    Map.entry("overlays/gcp/patches/config.yaml", List.of("ConfigMap")),
                    Map.entry(
                        "overlays/gcp/patches/identity.yaml",
                        List.of("ServiceAccount", "ServiceAccount")))));
  }

  @Test
  void loadsTypedFabric8Objects() {
    List<Manifest> manifests =
        ManifestLoader.loadFile(Paths.k8s().resolve("base/flow-collector.yaml"), Paths.k8s());
    DaemonSet daemonSet = manifests.get(1).as(DaemonSet.class);
    assertThat(daemonSet.getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
    assertThat(manifests.get(1).location()).isEqualTo("base/flow-collector.yaml document 2");
    assertThat(manifests.get(1).id()).isEqualTo("DaemonSet netcost-node/netcost-flow-collector");
  }

  @Test
  void misspeltFieldIsAnErrorWithItsPath() {
    String yaml =
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ok
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          template:
            spec:
              containers:
                - name: agent
                  image: example/agent:1.0.0
                  securityContext:
                    allowPrivilegeEscalaton: false
        """;
    assertThatThrownBy(() -> ManifestLoader.load("bad.yaml", yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bad.yaml document 2 (DaemonSet): unknown fields"
                + " [spec.template.spec.containers[0].securityContext.allowPrivilegeEscalaton]");
  }

  @Test
  void valueOfTheWrongTypeIsAnError() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          hostNetwork: [true]
          containers: []
        """;
    assertThatThrownBy(() -> ManifestLoader.load("pod.yaml", yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pod.yaml document 1");
  }

  @Test
  void duplicateKeyIsAnError() {
    String yaml =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
        data:
          store: s3://a/b
          store: s3://c/d
        """;
    assertThatThrownBy(() -> ManifestLoader.load("dup.yaml", yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "dup.yaml document 1: not valid YAML: Duplicate Object property \"store\"");
  }

  @Test
  void unknownKindIsAnError() {
    String yaml =
        """
        apiVersion: example.dev/v1
        kind: Widget
        metadata:
          name: w
        """;
    assertThatThrownBy(() -> ManifestLoader.load("w.yaml", yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("w.yaml document 1: no typed model for example.dev/v1 Widget");
  }

  @Test
  void missingKindIsAnError() {
    assertThatThrownBy(() -> ManifestLoader.load("k.yaml", "apiVersion: v1\nmetadata: {name: x}\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k.yaml document 1: apiVersion and kind are required");
  }

  @Test
  void sparkApplicationFieldsAreStrict() {
    String yaml =
        """
        apiVersion: sparkoperator.k8s.io/v1beta2
        kind: ScheduledSparkApplication
        metadata:
          name: s
        spec:
          schedule: "0 1 * * *"
          template:
            type: Java
            driver:
              cores: 1
              memroy: 4g
        """;
    assertThatThrownBy(() -> ManifestLoader.load("s.yaml", yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("s.yaml document 1: Unrecognized property \"memroy\"");
  }

  @Test
  void fabric8FieldsInsideSparkApplicationAreChecked() {
    String yaml =
        """
        apiVersion: sparkoperator.k8s.io/v1beta2
        kind: ScheduledSparkApplication
        metadata:
          name: s
        spec:
          schedule: "0 1 * * *"
          template:
            type: Java
            driver:
              securityContext:
                privilegd: true
        """;
    assertThatThrownBy(() -> ManifestLoader.load("s.yaml", yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "s.yaml document 1 (ScheduledSparkApplication): unknown fields"
                + " [spec.template.driver.securityContext.privilegd]");
  }
}
