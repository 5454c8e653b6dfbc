package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The policy holds for the manifests as written, and each rule catches the violation it is for:
 * every negative case changes one field of the real manifests and expects exactly one message.
 */
final class PolicyTest {
  private static final String DAEMON_SET = "DaemonSet netcost-node/netcost-flow-collector";
  private static final String METADATA = "Deployment netcost/netcost-metadata-collector";
  private static final String NIGHTLY = "CronJob netcost/netcost-nightly";

  @Test
  void sourceManifestsFollowThePolicy() {
    assertThat(Policy.violations(Sources.load())).isEmpty();
  }

  @Test
  void privilegedContainer() {
    List<Manifest> manifests = Sources.load();
    flowCollector(manifests).getSecurityContext().setPrivileged(true);
    assertThat(Policy.violations(manifests))
        .containsExactly(DAEMON_SET + " container flow-collector: privileged is not false");
  }

  @Test
  void privilegeEscalationAndWritableRoot() {
    List<Manifest> manifests = Sources.load();
    metadataContainer(manifests).getSecurityContext().setAllowPrivilegeEscalation(null);
    metadataContainer(manifests).getSecurityContext().setReadOnlyRootFilesystem(false);
    assertThat(Policy.violations(manifests))
        .containsExactly(
            METADATA + " container metadata-collector: allowPrivilegeEscalation is not false",
            METADATA + " container metadata-collector: readOnlyRootFilesystem is not true");
  }

  @Test
  void capabilityBeyondNetAdmin() {
    List<Manifest> manifests = Sources.load();
    flowCollector(manifests)
        .getSecurityContext()
        .getCapabilities()
        .setAdd(List.of("NET_ADMIN", "SYS_ADMIN"));
    assertThat(Policy.violations(manifests))
        .containsExactly(
            DAEMON_SET
                + " container flow-collector: capabilities.add is [NET_ADMIN, SYS_ADMIN], expected [NET_ADMIN]");
  }

  @Test
  void netAdminOutsideTheNodeAgent() {
    List<Manifest> manifests = Sources.load();
    metadataContainer(manifests)
        .getSecurityContext()
        .getCapabilities()
        .setAdd(List.of("NET_ADMIN"));
    assertThat(Policy.violations(manifests))
        .containsExactly(
            METADATA
                + " container metadata-collector: capabilities.add is [NET_ADMIN], expected []");
  }

  @Test
  void capabilitiesNotDropped() {
    List<Manifest> manifests = Sources.load();
    flowCollector(manifests).getSecurityContext().getCapabilities().setDrop(List.of("SYS_ADMIN"));
    assertThat(Policy.violations(manifests))
        .containsExactly(
            DAEMON_SET
                + " container flow-collector: capabilities.drop is [SYS_ADMIN], expected [ALL]");
  }

  @Test
  void hostNetworkOutsideTheNodeAgent() {
    List<Manifest> manifests = Sources.load();
    Sources.find(manifests, METADATA)
        .as(Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .setHostNetwork(true);
    assertThat(Policy.violations(manifests)).containsExactly(METADATA + ": hostNetwork is true");
  }

  @Test
  void rootOutsideTheNodeAgent() {
    List<Manifest> manifests = Sources.load();
    PodSpec pod =
        Sources.find(manifests, METADATA).as(Deployment.class).getSpec().getTemplate().getSpec();
    pod.getSecurityContext().setRunAsNonRoot(null);
    pod.getSecurityContext().setRunAsUser(0L);
    pod.getContainers().get(0).getSecurityContext().setRunAsNonRoot(null);
    assertThat(Policy.violations(manifests))
        .containsExactly(
            METADATA + " container metadata-collector: runAsNonRoot is not true",
            METADATA + " container metadata-collector: runAsUser is 0");
  }

  @Test
  void missingSeccompProfile() {
    List<Manifest> manifests = Sources.load();
    PodSpec pod =
        Sources.find(manifests, NIGHTLY)
            .as(CronJob.class)
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec();
    pod.getSecurityContext().setSeccompProfile(null);
    pod.getContainers().get(0).getSecurityContext().setSeccompProfile(null);
    assertThat(Policy.violations(manifests))
        .containsExactly(NIGHTLY + " container nightly: seccompProfile is not RuntimeDefault");
  }

  @Test
  void missingLimitAndRequestAboveLimit() {
    List<Manifest> manifests = Sources.load();
    Container nightly = nightlyContainer(manifests);
    nightly.getResources().getLimits().remove("memory");
    nightly.getResources().getRequests().put("cpu", new Quantity("8"));
    assertThat(Policy.violations(manifests))
        .containsExactly(
            NIGHTLY + " container nightly: cpu request 8 exceeds limit 4",
            NIGHTLY + " container nightly: no memory limit");
  }

  @Test
  void writeVerbInTheClusterRole() {
    List<Manifest> manifests = Sources.load();
    ClusterRole role =
        Sources.find(manifests, "ClusterRole netcost-metadata-reader").as(ClusterRole.class);
    role.getRules().get(0).setVerbs(List.of("get", "list", "watch", "patch"));
    assertThat(Policy.violations(manifests))
        .containsExactly(
            "ClusterRole netcost-metadata-reader rule [] [pods, nodes, services, namespaces]"
                + " [get, list, watch, patch]: grants patch (read-only expected)");
  }

  @Test
  void secretsWildcardsAndEscalation() {
    List<Manifest> manifests = Sources.load();
    ClusterRole role =
        Sources.find(manifests, "ClusterRole netcost-metadata-reader").as(ClusterRole.class);
    List<PolicyRule> rules = new ArrayList<>(role.getRules());
    rules.add(
        new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("secrets")
            .withVerbs("get")
            .build());
    rules.add(
        new PolicyRuleBuilder()
            .withApiGroups("*")
            .withResources("roles")
            .withVerbs("escalate")
            .build());
    role.setRules(rules);
    assertThat(Policy.violations(manifests))
        .containsExactly(
            "ClusterRole netcost-metadata-reader rule [] [secrets] [get]: grants access to secrets",
            "ClusterRole netcost-metadata-reader rule [*] [roles] [escalate]: uses a wildcard",
            "ClusterRole netcost-metadata-reader rule [*] [roles] [escalate]: grants escalate");
  }

  @Test
  void leaseRoleMayNotDeleteOrUpdateUnnamedLeases() {
    List<Manifest> manifests = Sources.load();
    Role role =
        Sources.find(manifests, "Role netcost/netcost-metadata-leader-election").as(Role.class);
    role.getRules().get(0).setVerbs(List.of("get", "update", "delete"));
    role.getRules().get(1).setVerbs(List.of("create", "update"));
    assertThat(Policy.violations(manifests))
        .containsExactly(
            "Role netcost/netcost-metadata-leader-election rule [coordination.k8s.io] [leases]"
                + " [get, update, delete]: grants delete (read-only expected)",
            "Role netcost/netcost-metadata-leader-election rule [coordination.k8s.io] [leases]"
                + " [create, update]: grants update (read-only expected)");
  }

  @Test
  void secretObjectsAndReferences() {
    List<Manifest> manifests = new ArrayList<>(Sources.load());
    manifests.add(
        new Manifest(
            "extra.yaml",
            1,
            new SecretBuilder()
                .withNewMetadata()
                .withName("keys")
                .withNamespace("netcost")
                .endMetadata()
                .build()));
    metadataContainer(manifests).getEnv().add(new EnvVar("AWS_SECRET_ACCESS_KEY", "x", null));
    Sources.find(manifests, METADATA)
        .as(Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getVolumes()
        .add(
            new VolumeBuilder()
                .withName("keys")
                .withNewSecret()
                .withSecretName("keys")
                .endSecret()
                .build());
    assertThat(Policy.violations(manifests))
        .containsExactly(
            "Secret netcost/keys: netcost ships no Secrets (clouds are reached with workload identity)",
            METADATA
                + " container metadata-collector: env AWS_SECRET_ACCESS_KEY carries a credential",
            METADATA + " volume keys: mounts a Secret");
  }

  @Test
  void credentialInAConfigMap() {
    List<Manifest> manifests = Sources.load();
    Sources.find(manifests, "ConfigMap netcost/netcost-config")
        .as(ConfigMap.class)
        .getData()
        .put("store", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc==");
    assertThat(Policy.violations(manifests))
        .containsExactly("ConfigMap netcost/netcost-config: data.store looks like a credential");
  }

  @Test
  void invalidSchedule() {
    List<Manifest> manifests = Sources.load();
    Sources.find(manifests, NIGHTLY).as(CronJob.class).getSpec().setSchedule("30 25 * * *");
    assertThat(Policy.violations(manifests))
        .containsExactly(
            NIGHTLY + ": Invalid cron schedule '30 25 * * *': hour 25 is outside 0-23");
  }

  @Test
  void cronJobSafetyFields() {
    List<Manifest> manifests = Sources.load();
    CronJob cronJob = Sources.find(manifests, NIGHTLY).as(CronJob.class);
    cronJob.getSpec().setConcurrencyPolicy("Allow");
    cronJob.getSpec().setStartingDeadlineSeconds(null);
    cronJob.getSpec().setTimeZone(null);
    cronJob.getSpec().getJobTemplate().getSpec().setBackoffLimit(null);
    cronJob.getSpec().getJobTemplate().getSpec().setActiveDeadlineSeconds(null);
    assertThat(Policy.violations(manifests))
        .containsExactly(
            NIGHTLY + ": timeZone is null, expected Etc/UTC",
            NIGHTLY + ": concurrencyPolicy is Allow, expected Forbid",
            NIGHTLY + ": startingDeadlineSeconds is not set",
            NIGHTLY + ": backoffLimit is not set",
            NIGHTLY + ": activeDeadlineSeconds is not set");
  }

  @Test
  void unpinnedImages() {
    List<Manifest> manifests = Sources.load();
    flowCollector(manifests).setImage("ghcr.io/netcost/netcost-collector:latest");
    metadataContainer(manifests).setImage("ghcr.io/netcost/netcost-collector");
    nightlyContainer(manifests).setImage("ghcr.io/netcost/netcost-job:0.2.0");
    assertThat(Policy.violations(manifests))
        .containsExactly(
            DAEMON_SET
                + " container flow-collector: image ghcr.io/netcost/netcost-collector:latest is not pinned by a release tag or digest",
            METADATA
                + " container metadata-collector: image ghcr.io/netcost/netcost-collector is not pinned by a release tag or digest",
            "netcost images carry different tags: [0.1.0, 0.2.0, latest]");
  }

  @Test
  void tokenMountedWithoutARole() {
    List<Manifest> manifests = Sources.load();
    Sources.find(manifests, NIGHTLY)
        .as(CronJob.class)
        .getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec()
        .setAutomountServiceAccountToken(true);
    assertThat(Policy.violations(manifests))
        .containsExactly(
            NIGHTLY + ": mounts a token for netcost/netcost-batch, which no role is bound to");
  }

  @Test
  void hostPathOtherThanTheSpool() {
    List<Manifest> manifests = Sources.load();
    Sources.find(manifests, DAEMON_SET)
        .as(DaemonSet.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getVolumes()
        .add(
            new VolumeBuilder()
                .withName("proc")
                .withNewHostPath()
                .withPath("/proc")
                .endHostPath()
                .build());
    assertThat(Policy.violations(manifests))
        .containsExactly(DAEMON_SET + " volume proc: hostPath /proc is not allowed");
  }

  @Test
  void podSecurityLabels() {
    List<Manifest> manifests = Sources.load();
    Sources.find(manifests, "Namespace netcost")
        .as(Namespace.class)
        .getMetadata()
        .getLabels()
        .put("pod-security.kubernetes.io/enforce", "baseline");
    Sources.find(manifests, "Namespace netcost-node")
        .as(Namespace.class)
        .getMetadata()
        .getLabels()
        .remove("pod-security.kubernetes.io/warn");
    assertThat(Policy.violations(manifests))
        .containsExactly(
            "Namespace netcost-node: pod-security.kubernetes.io/warn is null, expected baseline",
            "Namespace netcost: pod-security.kubernetes.io/enforce is baseline, expected restricted");
  }

  @Test
  void missingReferences() {
    List<Manifest> manifests = Sources.load();
    PodSpec pod =
        Sources.find(manifests, METADATA).as(Deployment.class).getSpec().getTemplate().getSpec();
    pod.setServiceAccountName("netcost-metadata");
    pod.getContainers().get(0).getEnv().get(0).getValueFrom().getConfigMapKeyRef().setKey("bucket");
    assertThat(Policy.violations(manifests))
        .containsExactly(
            METADATA
                + " container metadata-collector: env NETCOST_STORE reads netcost/netcost-config key bucket, which is not defined here",
            METADATA + ": service account netcost/netcost-metadata is not defined here");
  }

  @Test
  void ingressOpenInTheAppNamespace() {
    List<Manifest> manifests = new ArrayList<>(Sources.load());
    manifests.removeIf(m -> m.id().equals("NetworkPolicy netcost/netcost-deny-ingress"));
    assertThat(Policy.violations(manifests))
        .containsExactly(
            "Namespace netcost: no NetworkPolicy denies ingress to all its pods (podSelector {}, no"
                + " ingress rules)");
  }

  @Test
  void ingressRuleIsNotADenyAll() {
    List<Manifest> manifests = Sources.load();
    Sources.find(manifests, "NetworkPolicy netcost/netcost-deny-ingress")
        .as(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class)
        .getSpec()
        .setIngress(
            List.of(new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule()));
    assertThat(Policy.violations(manifests))
        .containsExactly(
            "Namespace netcost: no NetworkPolicy denies ingress to all its pods (podSelector {}, no"
                + " ingress rules)");
  }

  private static Container flowCollector(List<Manifest> manifests) {
    return Sources.find(manifests, DAEMON_SET)
        .as(DaemonSet.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static Container metadataContainer(List<Manifest> manifests) {
    return Sources.find(manifests, METADATA)
        .as(Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static Container nightlyContainer(List<Manifest> manifests) {
    return Sources.find(manifests, NIGHTLY)
        .as(CronJob.class)
        .getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }
}
