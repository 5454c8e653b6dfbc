package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every container that starts the netcost launcher, in the manifests as written and in the chart as
 * rendered, starts a JVM: the image's JVM option file (its Dockerfile's NETCOST_JVM_OPTIONS,
 * resolved to the repository file the Dockerfile copies there) and the container's JAVA_OPTS are
 * composed by the real launcher (docker/rootfs/usr/local/bin/netcost) and handed to the test JVM's
 * own java with {@code -version} in place of the class path and main class. Options that conflict
 * (two garbage collectors) or that the JVM does not know fail here, not in the cluster.
 */
final class JvmOptionsTest {
  private static final Pattern IMAGE = Pattern.compile(".*/netcost-([a-z-]+):[^:/]+");
  private static final Pattern JVM_OPTIONS =
      Pattern.compile("NETCOST_JVM_OPTIONS=\"?@(/opt/netcost/conf/jvm/[a-z]+\\.options)\"?");
  private static final Pattern MAIN_CLASS = Pattern.compile("NETCOST_MAIN_CLASS=\\$\\{MAIN_CLASS}");

  @TempDir Path bin;

  @Test
  void everyLauncherContainerStartsAJvmWithItsImagesOptionsAndItsJavaOpts() {
    Map<String, List<Manifest>> sources = new LinkedHashMap<>();
    sources.put("k8s/base and k8s/cronjobs", Sources.load());
    for (String provider : List.of("aws", "gcp", "azure")) {
      sources.put("chart " + provider, HelmChart.render(provider, Map.of()));
    }
    sources.put(
        "chart aws with the Spark Operator",
        HelmChart.render("aws", Map.of("sparkOperator.enabled", true)));

    List<String> started = new ArrayList<>();
    TreeSet<String> notLaunched = new TreeSet<>();
    for (Map.Entry<String, List<Manifest>> source : sources.entrySet()) {
      for (Workload workload : Workload.of(source.getValue())) {
        for (Container container : containers(workload)) {
          String image = imageName(container);
          String where =
              source.getKey() + ": " + workload.id() + " container " + container.getName();
          if (!launcherImages().containsKey(image)) {
            // the Spark Operator image runs Spark's entrypoint, not the launcher, and reads no
            // JAVA_OPTS
            assertThat(javaOpts(container)).as(where).isNull();
            notLaunched.add(image);
            continue;
          }
          Shell.Result result = startJvm(image, javaOpts(container));
          assertThat(result.exitCode())
              .as("%s: java options and output: %s%s", where, result.stdout(), result.stderr())
              .isZero();
          assertThat(result.stderr()).as(where).contains("version \"").doesNotContain("warning");
          started.add(where);
        }
      }
    }
    // not vacuous: both collectors and both CronJobs of each source
    assertThat(started)
        .hasSize(19)
        .contains(
            "k8s/base and k8s/cronjobs: CronJob netcost/netcost-nightly container nightly",
            "k8s/base and k8s/cronjobs: DaemonSet netcost-node/netcost-flow-collector container"
                + " flow-collector",
            "chart gcp: Deployment netcost/netcost-metadata-collector container metadata-collector",
            "chart azure: CronJob netcost/netcost-monthly-report container monthly-report");
    assertThat(notLaunched).containsExactly("job-spark");
  }

  @Test
  void aSecondGarbageCollectorInJavaOptsFailsTheJvm() {
    // the seam this test guards: job.options selects the serial collector
    Container nightly =
        HelmChartTest.nightlyPod(Sources.load()).getContainers().stream()
            .filter(c -> c.getName().equals("nightly"))
            .findFirst()
            .orElseThrow();
    Shell.Result result = startJvm("job", javaOpts(nightly) + " -XX:+UseG1GC");
    assertThat(result.exitCode()).isEqualTo(1);
    // HotSpot prints its initialization errors on stdout
    assertThat(result.stdout()).contains("Multiple garbage collectors selected");
  }

  /**
   * The collectors' heap ceilings as the JVM computes them: the flow collector keeps the file's
   * -Xmx64m, the metadata collector's JAVA_OPTS -Xmx1075m (70 % of its 1.5 GiB limit) replaces it.
   * An -XX:MaxRAMPercentage in JAVA_OPTS would leave the file's 64 MiB in force.
   */
  @Test
  void collectorHeapCeilings() {
    for (List<Manifest> manifests :
        List.of(Sources.load(), HelmChart.render("aws", Map.<String, Object>of()))) {
      assertThat(
              maxHeapSize(
                  manifests, "DaemonSet netcost-node/netcost-flow-collector", "flow-collector"))
          .isEqualTo(64L << 20);
      // 1075 MiB rounded up to the heap's 2 MiB alignment
      assertThat(
              maxHeapSize(
                  manifests, "Deployment netcost/netcost-metadata-collector", "metadata-collector"))
          .isEqualTo(1076L << 20);
    }
  }

  private long maxHeapSize(List<Manifest> manifests, String id, String containerName) {
    Workload workload =
        Workload.of(manifests).stream()
            .filter(w -> w.id().equals(id))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + id));
    Container container =
        workload.pod().getContainers().stream()
            .filter(c -> c.getName().equals(containerName))
            .findFirst()
            .orElseThrow();
    String javaOpts = javaOpts(container);
    Shell.Result result =
        startJvm(
            imageName(container), (javaOpts == null ? "" : javaOpts) + " -XX:+PrintFlagsFinal");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    Matcher matcher =
        Pattern.compile("\\s+size_t MaxHeapSize\\s+= (\\d+)\\s").matcher(result.stdout());
    assertThat(matcher.find()).as(result.stdout()).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  /** The launcher images: image name (collector, job) to the repository file of its options. */
  private static Map<String, Path> launcherImages() {
    Map<String, Path> images = new HashMap<>();
    Path docker = Paths.repository().resolve("docker");
    for (String name : List.of("collector", "job", "job-spark")) {
      Dockerfile dockerfile = Dockerfile.read(docker.resolve(name + ".Dockerfile"));
      String env = dockerfile.lastInFinalStage("ENV");
      Matcher matcher = JVM_OPTIONS.matcher(env == null ? "" : env);
      if (!matcher.find()) {
        continue;
      }
      assertThat(MAIN_CLASS.matcher(env).find()).as(name).isTrue();
      assertThat(dockerfile.lastInFinalStage("ENTRYPOINT"))
          .isEqualTo("[\"/usr/local/bin/netcost\"]");
      String inImage = matcher.group(1);
      // the file the Dockerfile copies to that path
      String copied =
          dockerfile.finalStage().stream()
              .filter(i -> i.keyword().equals("COPY"))
              .map(Dockerfile.Instruction::arguments)
              .filter(arguments -> arguments.endsWith(" " + inImage))
              .map(arguments -> arguments.split("\\s+")[0])
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + ": nothing is copied to " + inImage));
      Path file = Paths.repository().resolve(copied);
      assertThat(file).isRegularFile();
      images.put(name, file);
    }
    assertThat(images).containsOnlyKeys("collector", "job");
    return images;
  }

  /**
   * The real launcher with the image's NETCOST_JVM_OPTIONS (the repository copy of the file) and
   * {@code javaOpts}; its {@code java} is a wrapper that drops {@code -cp <path> <main class>} and
   * runs the test JVM's java with {@code -version}. stdout holds the options the JVM got.
   */
  private Shell.Result startJvm(String image, String javaOpts) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    assertThat(java).isExecutable();
    Shell.executable(
        bin,
        "java",
        """
        #!/bin/sh
        # the launcher's options, then -cp <class path> <main class> and no arguments
        for a in "$@"; do
          shift
          if [ "$a" = "-cp" ]; then found=yes; break; fi
          set -- "$@" "$a"
        done
        [ "${found:-}" = yes ] && [ $# -ge 2 ] || { echo "no -cp <class path> <main class>" >&2; exit 3; }
        shift 2
        echo "$@"
        exec "%s" "$@" -version
        """
            .formatted(java));
    Map<String, String> environment = new HashMap<>();
    environment.put("PATH", bin + ":/usr/bin:/bin");
    environment.put("NETCOST_MAIN_CLASS", "dev.netcost.Unused");
    environment.put("NETCOST_JVM_OPTIONS", "@" + launcherImages().get(image));
    if (javaOpts != null) {
      environment.put("JAVA_OPTS", javaOpts);
    }
    return Shell.run(
        List.of(
            "/bin/sh",
            Paths.repository().resolve("docker/rootfs/usr/local/bin/netcost").toString()),
        environment);
  }

  private static List<Container> containers(Workload workload) {
    List<Container> containers = new ArrayList<>(workload.pod().getContainers());
    if (workload.pod().getInitContainers() != null) {
      containers.addAll(workload.pod().getInitContainers());
    }
    return containers;
  }

  private static String imageName(Container container) {
    Matcher matcher = IMAGE.matcher(container.getImage());
    assertThat(matcher.matches()).as(container.getImage()).isTrue();
    return matcher.group(1);
  }

  /** The container's JAVA_OPTS value, {@code null} when it sets none. */
  private static String javaOpts(Container container) {
    List<EnvVar> env = container.getEnv() == null ? List.of() : container.getEnv();
    for (EnvVar variable : env) {
      if (variable.getName().equals("JAVA_OPTS")) {
        assertThat(variable.getValueFrom()).as("JAVA_OPTS from a reference").isNull();
        return variable.getValue();
      }
    }
    return null;
  }
}
