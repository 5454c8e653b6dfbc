package dev.netcost.collector.metadata;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kubernetes objects as a kubelet and controllers would have filled them in, for the mock API. */
final class Objects {
  private Objects() {}

  static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  /** A running pod whose sandbox got {@code ips} at {@code networkReadyAt}. */
  static PodBuilder pod(
      String namespace, String name, String node, String networkReadyAt, String... ips) {
    List<io.fabric8.kubernetes.api.model.PodIP> podIps = new ArrayList<>();
    for (String ip : ips) {
      podIps.add(new PodIPBuilder().withIp(ip).build());
    }
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withContainers(new ContainerBuilder().withName("main").withImage("app:1").build())
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withStartTime(networkReadyAt)
        .withConditions(
            new PodConditionBuilder()
                .withType("PodReadyToStartContainers")
                .withStatus("True")
                .withLastTransitionTime(networkReadyAt)
                .build())
        .withPodIP(ips.length == 0 ? null : ips[0])
        .withPodIPs(podIps)
        .endStatus();
  }

  static Pod ownedBy(PodBuilder pod, String kind, String name, String uid) {
    return pod.editMetadata()
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind(kind)
                .withName(name)
                .withUid(uid)
                .withController(true)
                .build())
        .endMetadata()
        .build();
  }

  /** {@code pod} with every container terminated at {@code finishedAt}. */
  static Pod terminated(Pod pod, String phase, String finishedAt) {
    return new PodBuilder(pod)
        .editStatus()
        .withPhase(phase)
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("main")
                .withNewState()
                .withNewTerminated()
                .withExitCode(0)
                .withStartedAt(pod.getStatus().getStartTime())
                .withFinishedAt(finishedAt)
                .endTerminated()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  static Pod hostNetworkPod(
      String namespace, String name, String node, String startedAt, String... ips) {
    return pod(namespace, name, node, startedAt, ips)
        .editSpec()
        .withHostNetwork(true)
        .withContainers(
            new ContainerBuilder()
                .withName("exporter")
                .withImage("node-exporter:1")
                .withPorts(
                    new ContainerPortBuilder().withContainerPort(9100).withHostPort(9100).build(),
                    new ContainerPortBuilder()
                        .withContainerPort(8125)
                        .withHostPort(8125)
                        .withProtocol("UDP")
                        .build())
                .build(),
            new ContainerBuilder()
                .withName("agent")
                .withImage("agent:1")
                .withPorts(new ContainerPortBuilder().withContainerPort(4194).build())
                .build())
        .endSpec()
        .build();
  }

  static Node node(
      String name,
      Map<String, String> labels,
      String providerId,
      String internalIp,
      String externalIp) {
    var addresses = new ArrayList<io.fabric8.kubernetes.api.model.NodeAddress>();
    addresses.add(new NodeAddressBuilder().withType("InternalIP").withAddress(internalIp).build());
    addresses.add(new NodeAddressBuilder().withType("Hostname").withAddress(name).build());
    if (externalIp != null) {
      addresses.add(
          new NodeAddressBuilder().withType("ExternalIP").withAddress(externalIp).build());
    }
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withProviderID(providerId)
        .endSpec()
        .withNewStatus()
        .withAddresses(addresses)
        .endStatus()
        .build();
  }

  static ReplicaSet replicaSet(String namespace, String name, String deployment) {
    var builder = new ReplicaSetBuilder().withNewMetadata().withNamespace(namespace).withName(name);
    if (deployment == null) {
      return builder.endMetadata().build();
    }
    return builder
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(deployment)
                .withUid("uid-deploy-" + deployment)
                .withController(true)
                .build())
        .endMetadata()
        .build();
  }

  static Job job(String namespace, String name, String cronJob) {
    return new JobBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("CronJob")
                .withName(cronJob)
                .withUid("uid-cron-" + cronJob)
                .withController(true)
                .build())
        .endMetadata()
        .build();
  }

  static Service service(
      String namespace, String name, List<String> clusterIps, List<String> loadBalancerIps) {
    var ingress = new ArrayList<io.fabric8.kubernetes.api.model.LoadBalancerIngress>();
    for (String ip : loadBalancerIps) {
      ingress.add(new LoadBalancerIngressBuilder().withIp(ip).build());
    }
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withClusterIP(clusterIps.isEmpty() ? null : clusterIps.get(0))
        .withClusterIPs(clusterIps)
        .withType(loadBalancerIps.isEmpty() ? "ClusterIP" : "LoadBalancer")
        .endSpec()
        .withNewStatus()
        .withNewLoadBalancer()
        .withIngress(ingress)
        .endLoadBalancer()
        .endStatus()
        .build();
  }
}
