package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the manifests say, field by field, where a change would change what netcost may do or when
 * it runs.
 */
final class ManifestContentTest {
  private final List<Manifest> manifests = Sources.load();

  @Test
  void flowCollectorAsksForExactlyHostNetworkAndNetAdmin() {
    DaemonSet daemonSet = find("DaemonSet netcost-node/netcost-flow-collector").as(DaemonSet.class);
    PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getHostPID()).isNull();
    assertThat(pod.getHostIPC()).isNull();
    // a token for --pod-cidr-from-api, --local-pods-from-api and --pods-from-api, bound to getting
    // nodes and reading pods
    // (flowCollectorOnlyReadsPodsAndGetsNodes)
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    assertThat(pod.getPriorityClassName()).isEqualTo("netcost-node-collector");
    assertThat(pod.getTolerations())
        .containsExactly(new Toleration(null, null, "Exists", null, null));
    Container container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getCapabilities().getAdd())
        .containsExactly("NET_ADMIN");
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getPrivileged()).isFalse();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getRunAsUser()).isZero();
    assertThat(pod.getVolumes())
        .extracting(
            v ->
                v.getName()
                    + "="
                    + (v.getHostPath() != null
                        ? v.getHostPath().getPath() + " " + v.getHostPath().getType()
                        : "emptyDir " + v.getEmptyDir().getSizeLimit()))
        .containsExactly("spool=/var/lib/netcost DirectoryOrCreate", "tmp=emptyDir 64Mi");
    assertThat(container.getArgs())
        .containsExactly(
            "collect",
            "flows",
            "--store",
            "$(NETCOST_STORE)",
            "--node",
            "$(NODE_NAME)",
            "--cluster",
            "$(NETCOST_CLUSTER)",
            "--node-ip",
            "$(HOST_IP)",
            "--pod-cidr-from-api",
            "--local-pods-from-api",
            "--spool-dir",
            "/var/lib/netcost/spool",
            "--metrics-address",
            "0.0.0.0:9464");
    assertThat(env(container))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "NODE_NAME", "fieldRef spec.nodeName",
                    "HOST_IP", "fieldRef status.hostIP",
                    "NETCOST_STORE", "configMap netcost-config/store",
                    "NETCOST_CLUSTER", "configMap netcost-config/cluster",
                    "MALLOC_ARENA_MAX", "2",
                    "JAVA_OPTS", "-Djava.io.tmpdir=/tmp")));
    // the JVM options are the image's: the one file the launcher (./netcost collect) reads too,
    // which the benchmark measures; JAVA_OPTS adds nothing that file sets
    String launcher = read(Paths.repository().resolve("netcost"));
    assertThat(launcher).contains("exec java \"@$here/conf/jvm/collector.options\"");
    assertThat(read(Paths.repository().resolve("docker/collector.Dockerfile")))
        .contains("COPY conf/jvm/collector.options /opt/netcost/conf/jvm/collector.options")
        .contains("NETCOST_JVM_OPTIONS=@/opt/netcost/conf/jvm/collector.options");
    assertThat(read(Paths.repository().resolve("docker/jib/collector/pom.xml")))
        .contains(
            "<NETCOST_JVM_OPTIONS>@/opt/netcost/conf/jvm/collector.options</NETCOST_JVM_OPTIONS>")
        .contains("<from>${project.basedir}/../../../conf/jvm</from>");
    assertThat(read(Paths.repository().resolve("conf/jvm/collector.options")))
        .contains("\n-XX:+UseSerialGC\n")
        .doesNotContain("java.io.tmpdir");
  }

  private static String read(java.nio.file.Path path) {
    try {
      return java.nio.file.Files.readString(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void metadataCollectorRunsTwoReplicasWithLeaderElection() {
    metadataCollectorElectsOneLeader(manifests);
  }

  @Test
  void chartMetadataCollectorRunsTwoReplicasWithLeaderElection() {
    metadataCollectorElectsOneLeader(HelmChart.render("aws", Map.of()));
  }

  /**
   * Two replicas, and the program is told to elect a leader on the one Lease name the Role lets it
   * get and update (the command's own default, netcost-metadata-&lt;cluster&gt;, is not that name),
   * in the pod's namespace, as the pod's name.
   */
  private static void metadataCollectorElectsOneLeader(List<Manifest> manifests) {
    Deployment deployment =
        Sources.find(manifests, "Deployment netcost/netcost-metadata-collector")
            .as(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs())
        .containsExactly(
            "collect",
            "metadata",
            "--store",
            "$(NETCOST_STORE)",
            "--cluster",
            "$(NETCOST_CLUSTER)",
            "--leader-election",
            "--lease-name",
            "netcost-metadata-leader",
            "--identity",
            "$(POD_NAME)");
    String lease = container.getArgs().get(container.getArgs().indexOf("--lease-name") + 1);
    // --lease-namespace defaults to $POD_NAMESPACE: the Role's namespace
    assertThat(env(container))
        .containsEntry("POD_NAMESPACE", "fieldRef metadata.namespace")
        .containsEntry("POD_NAME", "fieldRef metadata.name")
        .doesNotContainKey("NETCOST_LEADER_LEASE");
    Role role =
        Sources.find(manifests, "Role netcost/netcost-metadata-leader-election").as(Role.class);
    assertThat(role.getMetadata().getNamespace())
        .isEqualTo(deployment.getMetadata().getNamespace());
    assertThat(role.getRules().get(0).getResourceNames()).containsExactly(lease);
    assertThat(rules(role.getRules()))
        .containsExactly(
            "coordination.k8s.io/leases[netcost-metadata-leader] get,update",
            "coordination.k8s.io/leases create");
  }

  @Test
  void clusterRoleReadsExactlyTheOwnershipObjects() {
    ClusterRole role = find("ClusterRole netcost-metadata-reader").as(ClusterRole.class);
    assertThat(rules(role.getRules()))
        .containsExactly(
            "/pods get,list,watch",
            "/nodes get,list,watch",
            "/services get,list,watch",
            "/namespaces get,list,watch",
            "apps/replicasets get,list,watch",
            "batch/jobs get,list,watch");
  }

  @Test
  void flowCollectorOnlyReadsPodsAndGetsNodes() {
    ClusterRole role = find("ClusterRole netcost-flow-pod-reader").as(ClusterRole.class);
    // pods for --local-pods-from-api and --pods-from-api; its Node (spec.podCIDRs) for
    // --pod-cidr-from-api
    assertThat(rules(role.getRules())).containsExactly("/pods get,list,watch", "/nodes get");
    io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding binding =
        find("ClusterRoleBinding netcost-flow-pod-reader")
            .as(io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo("netcost-flow-pod-reader");
    assertThat(binding.getSubjects())
        .extracting(s -> s.getKind() + " " + s.getNamespace() + "/" + s.getName())
        .containsExactly("ServiceAccount netcost-node/netcost-flow-collector");
  }

  @Test
  void nightlyRunsAtTwoThirtyUtcForYesterday() {
    CronJob nightly = find("CronJob netcost/netcost-nightly").as(CronJob.class);
    CronSchedule schedule = CronSchedule.parse(nightly.getSpec().getSchedule());
    assertThat(nightly.getSpec().getTimeZone()).isEqualTo("Etc/UTC");
    assertThat(firingTimes(schedule, LocalDate.of(2026, 2, 27), 3))
        .containsExactly(
            LocalDateTime.of(2026, 2, 27, 2, 30),
            LocalDateTime.of(2026, 2, 28, 2, 30),
            LocalDateTime.of(2026, 3, 1, 2, 30));
    Container container =
        nightly.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getCommand().get(2))
        .contains("day=\"$(date -u -d yesterday +%Y-%m-%d)\"")
        .contains(
            "set -- nightly --date \"${day}\" --store \"${NETCOST_STORE}\" --provider \"${NETCOST_PROVIDER}\" --master \"${NETCOST_SPARK_MASTER}\"")
        .contains("exec netcost \"$@\"");
    assertThat(env(container))
        .containsEntry("NETCOST_SPARK_MASTER", "local[4]")
        .containsEntry("NETCOST_PROVIDER", "configMap netcost-config/provider")
        .containsEntry("NETCOST_BILLING_EXPORT", "configMap netcost-config/billing-export")
        .containsEntry("NETCOST_BILLING_FORMAT", "configMap netcost-config/billing-format");
  }

  @Test
  void monthlyReportRunsOnTheFirstAfterTheLastNightlyCanHaveEnded() {
    CronJob nightly = find("CronJob netcost/netcost-nightly").as(CronJob.class);
    CronJob monthly = find("CronJob netcost/netcost-monthly-report").as(CronJob.class);
    CronSchedule schedule = CronSchedule.parse(monthly.getSpec().getSchedule());
    assertThat(firingTimes(schedule, LocalDate.of(2026, 1, 1), 3))
        .containsExactly(
            LocalDateTime.of(2026, 1, 1, 7, 0),
            LocalDateTime.of(2026, 2, 1, 7, 0),
            LocalDateTime.of(2026, 3, 1, 7, 0));
    // the run for the month's last day starts at 02:30 on the 1st, may start as late as
    // startingDeadlineSeconds after that and then run for activeDeadlineSeconds (retries included)
    LocalTime nightlyStart = LocalTime.of(2, 30);
    Duration latestEnd =
        Duration.ofSeconds(nightly.getSpec().getStartingDeadlineSeconds())
            .plusSeconds(nightly.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds());
    assertThat(nightlyStart.plus(latestEnd))
        .isEqualTo(LocalTime.of(6, 30))
        .isBefore(LocalTime.of(7, 0));
    Container container =
        monthly.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getCommand().get(2))
        .contains("month=\"$(date -u -d \"$(date -u +%Y-%m-01) -1 day\" +%Y-%m)\"")
        .contains("exec netcost report --month \"${month}\" --store \"${NETCOST_STORE}\"");
  }

  @Test
  void sparkLocalModeIsSizedForAThousandNodes() {
    CronJob nightly = find("CronJob netcost/netcost-nightly").as(CronJob.class);
    Container container =
        nightly.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getResources().getRequests())
        .isEqualTo(container.getResources().getLimits());
    assertThat(container.getResources().getLimits().get("cpu").toString()).isEqualTo("4");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("14Gi");
    // one Spark task slot per CPU
    assertThat(env(container).get("NETCOST_SPARK_MASTER")).isEqualTo("local[4]");
    assertThat(env(container).get("JAVA_OPTS"))
        .contains(
            "-XX:MaxRAMPercentage=70",
            "-Dspark.local.dir=/scratch",
            "-Dspark.sql.shuffle.partitions=64");
  }

  @Test
  void sparkOperatorVariantMatchesTheCronJob() {
    ScheduledSparkApplication spark =
        find("ScheduledSparkApplication netcost/netcost-nightly")
            .as(ScheduledSparkApplication.class);
    CronJob nightly = find("CronJob netcost/netcost-nightly").as(CronJob.class);
    assertThat(spark.spec().schedule()).isEqualTo(nightly.getSpec().getSchedule());
    assertThat(spark.spec().concurrencyPolicy()).isEqualTo("Forbid");
    assertThat(spark.spec().template().sparkVersion()).isEqualTo("4.1.1");
    assertThat(spark.spec().template().arguments())
        .containsExactly(
            "nightly",
            "--date",
            "yesterday",
            "--store",
            "$(NETCOST_STORE)",
            "--provider",
            "$(NETCOST_PROVIDER)");
    assertThat(spark.spec().template().driver().serviceAccount()).isEqualTo("netcost-spark");
    assertThat(spark.spec().template().executor().serviceAccount()).isEqualTo("netcost-batch");
    assertThat(spark.spec().template().executor().instances()).isEqualTo(4);
  }

  private Manifest find(String id) {
    return Sources.find(manifests, id);
  }

  private static List<LocalDateTime> firingTimes(CronSchedule schedule, LocalDate from, int count) {
    List<LocalDateTime> times = new java.util.ArrayList<>();
    for (LocalDateTime t = from.atStartOfDay(); times.size() < count; t = t.plusMinutes(1)) {
      if (schedule.matches(t)) {
        times.add(t);
      }
    }
    return times;
  }

  private static List<String> rules(List<PolicyRule> rules) {
    return rules.stream()
        .flatMap(
            rule ->
                rule.getApiGroups().stream()
                    .flatMap(
                        group ->
                            rule.getResources().stream()
                                .map(
                                    resource ->
                                        group
                                            + "/"
                                            + resource
                                            + (rule.getResourceNames() == null
                                                    || rule.getResourceNames().isEmpty()
                                                ? ""
                                                : rule.getResourceNames().toString())
                                            + " "
                                            + String.join(",", rule.getVerbs()))))
        .collect(Collectors.toList());
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> env = new TreeMap<>();
    for (EnvVar var : container.getEnv()) {
      String value;
      if (var.getValueFrom() == null) {
        value = var.getValue();
      } else if (var.getValueFrom().getFieldRef() != null) {
        value = "fieldRef " + var.getValueFrom().getFieldRef().getFieldPath();
      } else {
        value =
            "configMap "
                + var.getValueFrom().getConfigMapKeyRef().getName()
                + "/"
                + var.getValueFrom().getConfigMapKeyRef().getKey();
      }
      env.put(var.getName(), value);
    }
    return env;
  }
}
