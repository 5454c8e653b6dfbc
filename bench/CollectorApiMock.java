// A Kubernetes API for bench/collector-flows-api.sh: fabric8's CRUD mock server (collector/metadata's
// test fixture, with its spec.nodeName field selector) on 127.0.0.1:PORT, seeded with the Node NODE
// (no spec.podCIDRs, as on Amazon VPC CNI: the pod watch gives the local endpoints) and LOCAL running
// pods on it at 10.98.0.1, 10.98.0.2, ... plus OTHER pods on other nodes (10.96.x.y). Each pod is
// shaped like a Deployment's pod (labels, annotations, two containers with env, probes and mounts,
// the service account's projected volume, conditions and container statuses). Every CHURN_MS
// milliseconds (0: never) one local pod's annotation changes, so the collector's watch receives
// MODIFIED events throughout. Prints "ready" when seeded; runs until killed.
//
// Run as a source file: java -cp collector/metadata/target/test-classes:<its test class path>
//   bench/CollectorApiMock.java PORT NODE LOCAL OTHER CHURN_MS
import dev.netcost.collector.metadata.NodeNameFieldSelector;
import io.fabric8.kubernetes.api.model.*;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class CollectorApiMock {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String node = args[1];
    int local = Integer.parseInt(args[2]);
    int other = Integer.parseInt(args[3]);
    long churnMillis = Long.parseLong(args[4]);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), NodeNameFieldSelector.dispatcher(), false);
    server.init(InetAddress.getByName("127.0.0.1"), port);
    KubernetesClient client = server.createClient();
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(node)
                .addToLabels("kubernetes.io/hostname", node)
                .addToLabels("node.kubernetes.io/instance-type", "m5.4xlarge")
                .endMetadata()
                .withNewSpec()
                .withProviderID("aws:///eu-west-1a/i-0123456789abcdef0")
                .endSpec()
                .build())
        .create();
    int bytes = 0;
    for (int i = 1; i <= local; i++) {
      Pod pod = pod("team-" + (i % 7), "app-" + i, node, "10.98." + (i / 256) + "." + (i % 256));
      bytes += Serialization.asJson(pod).length();
      client.pods().resource(pod).create();
    }
    for (int i = 1; i <= other; i++) {
      client
          .pods()
          .resource(pod("team-" + (i % 7), "remote-" + i, "other-" + (i % 10), "10.96." + (i / 256) + "." + (i % 256)))
          .create();
    }
    System.out.printf("ready: Node %s without pod CIDRs, %d pods on it (%d bytes of JSON), %d on other nodes, api http://127.0.0.1:%d%n",
        node, local, bytes, other, port);
    System.out.flush();
    for (long tick = 0; churnMillis > 0; tick++) {
      Thread.sleep(churnMillis);
      int i = (int) (tick % local) + 1;
      String value = Long.toString(tick);
      client
          .pods()
          .inNamespace("team-" + (i % 7))
          .withName("app-" + i)
          .edit(p -> new PodBuilder(p).editMetadata().addToAnnotations("bench/tick", value).endMetadata().build());
    }
    Thread.currentThread().join();
  }

  static Pod pod(String namespace, String name, String node, String ip) {
    List<Container> containers = new ArrayList<>();
    List<ContainerStatus> statuses = new ArrayList<>();
    for (String c : List.of("main", "sidecar")) {
      List<EnvVar> env = new ArrayList<>();
      for (int e = 0; e < 10; e++) {
        env.add(new EnvVarBuilder().withName("SETTING_" + e).withValue("value-of-setting-" + e + "-" + name).build());
      }
      containers.add(
          new ContainerBuilder()
              .withName(c)
              .withImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com/" + namespace + "/" + c + ":1.42.7")
              .withEnv(env)
              .addNewPort().withName("http").withContainerPort(8080).withProtocol("TCP").endPort()
              .withNewResources()
              .addToRequests("cpu", new Quantity("100m"))
              .addToRequests("memory", new Quantity("256Mi"))
              .addToLimits("memory", new Quantity("512Mi"))
              .endResources()
              .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString(8080)).endHttpGet().withPeriodSeconds(10).endReadinessProbe()
              .withNewLivenessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(8080)).endHttpGet().withPeriodSeconds(10).endLivenessProbe()
              .addNewVolumeMount().withName("config").withMountPath("/etc/config").withReadOnly(true).endVolumeMount()
              .addNewVolumeMount().withName("kube-api-access").withMountPath("/var/run/secrets/kubernetes.io/serviceaccount").withReadOnly(true).endVolumeMount()
              .build());
      statuses.add(
          new ContainerStatusBuilder()
              .withName(c)
              .withImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com/" + namespace + "/" + c + ":1.42.7")
              .withImageID("docker-pullable://123456789012.dkr.ecr.eu-west-1.amazonaws.com/" + namespace + "/" + c
                  + "@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
              .withContainerID("containerd://0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
              .withReady(true)
              .withRestartCount(0)
              .withStarted(true)
              .withNewState().withNewRunning().withStartedAt("2026-12-01T10:00:00Z").endRunning().endState()
              .build());
    }
    Map<String, String> labels = Map.of(
        "app.kubernetes.io/name", name.replaceAll("-[0-9]+$", ""),
        "app.kubernetes.io/instance", name,
        "app.kubernetes.io/part-of", namespace,
        "pod-template-hash", "7d9f8c6b5d",
        "team", namespace);
    List<PodCondition> conditions = new ArrayList<>();
    for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")) {
      conditions.add(new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime("2026-12-01T10:00:00Z").build());
    }
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withGenerateName(name.replaceAll("-[0-9]+$", "") + "-7d9f8c6b5d-")
        .withLabels(labels)
        .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-12-01T10:00:00Z")
        .addToAnnotations("prometheus.io/scrape", "true")
        .addToAnnotations("prometheus.io/port", "8080")
        .addNewOwnerReference()
        .withApiVersion("apps/v1").withKind("ReplicaSet").withName(name + "-7d9f8c6b5d")
        .withUid("0b8d3c1e-5f6a-4b7c-8d9e-0f1a2b3c4d5e").withController(true).withBlockOwnerDeletion(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withServiceAccountName("default")
        .withContainers(containers)
        .addNewVolume().withName("config").withNewConfigMap().withName(name + "-config").endConfigMap().endVolume()
        .addNewVolume().withName("kube-api-access").withNewProjected()
        .addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(3607L).endServiceAccountToken().endSource()
        .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").addNewItem().withKey("ca.crt").withPath("ca.crt").endItem().endConfigMap().endSource()
        .endProjected().endVolume()
        .addNewToleration().withKey("node.kubernetes.io/not-ready").withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(300L).endToleration()
        .addNewToleration().withKey("node.kubernetes.io/unreachable").withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(300L).endToleration()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withHostIP("10.99.0.1")
        .withPodIP(ip)
        .withPodIPs(new PodIPBuilder().withIp(ip).build())
        .withQosClass("Burstable")
        .withStartTime("2026-12-01T10:00:00Z")
        .withConditions(conditions)
        .withContainerStatuses(statuses)
        .endStatus()
        .build();
  }
}
