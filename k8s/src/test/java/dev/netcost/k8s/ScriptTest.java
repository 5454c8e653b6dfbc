package dev.netcost.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell the CronJobs and images run, executed for real with /bin/sh and GNU date: the nightly
 * script must ask for yesterday (UTC), the monthly one for the previous month, and the image
 * launcher must pass options and arguments through unchanged. {@code netcost} and {@code java} are
 * replaced by scripts that print their arguments; {@code date} by a wrapper that runs the real date
 * with a fixed clock.
 */
final class ScriptTest {
  @TempDir Path bin;

  @Test
  void nightlyProcessesYesterday() {
    assertThat(
            runCronJob(Sources.load(), "CronJob netcost/netcost-nightly", "2026-03-01 02:30 UTC"))
        .isEqualTo(
            """
            netcost nightly for 2026-02-28
            nightly
            --date
            2026-02-28
            --store
            s3://bucket/prefix
            --provider
            aws
            --master
            local[4]
            """);
  }

  @Test
  void nightlyAfterALeapDay() {
    assertThat(
            runCronJob(Sources.load(), "CronJob netcost/netcost-nightly", "2024-03-01 02:30 UTC"))
        .contains("--date\n2024-02-29\n");
  }

  @Test
  void chartNightlyPassesProviderAndBillingExport() {
    List<Manifest> chart =
        HelmChart.render(
            "gcp",
            Map.of(
                "billing.export", "gs://example-billing/export/*.parquet",
                "nightly.sparkMaster", "local[8]"));
    // no override: store, provider and billing come from the rendered ConfigMap
    assertThat(
            runCronJob(chart, "CronJob netcost/netcost-nightly", "2026-03-01 02:30 UTC", Map.of()))
        .isEqualTo(
            """
            netcost nightly for 2026-02-28
            nightly
            --date
            2026-02-28
            --store
            gs://example-netcost-bucket/netcost
            --provider
            gcp
            --master
            local[8]
            --billing-export
            gs://example-billing/export/*.parquet
            --billing-format
            gcp
            """);
  }

  @Test
  void chartAndKustomizeRunTheSameScripts() {
    List<Manifest> chart = HelmChart.render("aws", Map.of());
    for (String id :
        List.of("CronJob netcost/netcost-nightly", "CronJob netcost/netcost-monthly-report")) {
      assertThat(container(chart, id).getCommand())
          .as(id)
          .isEqualTo(container(Sources.load(), id).getCommand());
    }
  }

  @Test
  void monthlyReportsThePreviousMonth() {
    assertThat(
            runCronJob(
                Sources.load(), "CronJob netcost/netcost-monthly-report", "2026-03-01 07:00 UTC"))
        .isEqualTo(
            """
            netcost report for 2026-02
            report
            --month
            2026-02
            --store
            s3://bucket/prefix
            """);
  }

  @Test
  void monthlyInJanuaryReportsDecember() {
    assertThat(
            runCronJob(
                Sources.load(), "CronJob netcost/netcost-monthly-report", "2026-01-01 07:00 UTC"))
        .contains("--month\n2025-12\n");
  }

  @Test
  void launcherPassesOptionsAndArgumentsThrough() {
    Shell.executable(bin, "java", "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Shell.Result result =
        Shell.run(
            List.of("/bin/sh", launcher().toString(), "collect", "flows", "--store", "s3://b/p q"),
            Map.of(
                "PATH", bin + ":/usr/bin:/bin",
                "NETCOST_MAIN_CLASS", "dev.netcost.job.Main",
                "NETCOST_JVM_OPTIONS", "--add-opens=java.base/java.nio=ALL-UNNAMED -Da=1",
                "JAVA_OPTS", "-XX:MaxRAMPercentage=70"));
    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout())
        .isEqualTo(
            """
            --add-opens=java.base/java.nio=ALL-UNNAMED
            -Da=1
            -XX:MaxRAMPercentage=70
            -cp
            /opt/netcost/libs/*
            dev.netcost.job.Main
            collect
            flows
            --store
            s3://b/p q
            """);
  }

  /**
   * The collector image's class path: the Kubernetes client's part comes with {@code collect
   * metadata} and with the flow collector's API options, the DaemonSet's --pod-cidr-from-api and
   * --local-pods-from-api included; plain {@code collect flows} stays without it.
   */
  @Test
  void collectorClassPathAddsTheKubernetesClientForTheApiOptions() throws Exception {
    Path parts = Files.createDirectories(bin.resolve("parts"));
    Files.writeString(parts.resolve("collector-flows.txt"), "/l/flows.jar");
    Files.writeString(parts.resolve("collector-metadata.txt"), "/l/fabric8.jar:/l/flows.jar\n");
    Files.writeString(parts.resolve("store-s3.txt"), "/l/s3.jar");
    Path script =
        Paths.repository().resolve("docker/rootfs/usr/local/bin/netcost-collector-classpath");
    Map<List<String>, String> expected =
        Map.of(
            List.of("collect", "flows", "--store", "s3://b/p"), "/l/flows.jar:/l/s3.jar",
            List.of("collect", "flows", "--pod-cidr-from-api", "--store=s3://b/p"),
                "/l/flows.jar:/l/fabric8.jar:/l/s3.jar",
            List.of("collect", "flows", "--pods-from-api"), "/l/flows.jar:/l/fabric8.jar",
            List.of("collect", "flows", "--local-pods-from-api"), "/l/flows.jar:/l/fabric8.jar",
            List.of("collect", "metadata", "--store", "s3://b/p"),
                "/l/flows.jar:/l/fabric8.jar:/l/s3.jar");
    for (Map.Entry<List<String>, String> entry : expected.entrySet()) {
      List<String> command =
          new java.util.ArrayList<>(List.of("/bin/sh", script.toString(), parts.toString(), "-"));
      command.addAll(entry.getKey());
      Shell.Result result = Shell.run(command, Map.of("PATH", "/usr/bin:/bin"));
      assertThat(result.stderr()).as("%s", entry.getKey()).isEmpty();
      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).as("%s", entry.getKey()).isEqualTo(entry.getValue() + "\n");
    }
  }

  @Test
  void launcherRefusesToStartWithoutAMainClass() {
    Shell.executable(bin, "java", "#!/bin/sh\necho should not run\n");
    Shell.Result result =
        Shell.run(
            List.of("/bin/sh", launcher().toString(), "report"),
            Map.of("PATH", bin + ":/usr/bin:/bin"));
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr())
        .isEqualTo("netcost: NETCOST_MAIN_CLASS is not set (the image sets it)\n");
  }

  @Test
  void launcherIsExecutableAndValidShell() {
    assertThat(Files.isExecutable(launcher())).isTrue();
    Shell.Result result = Shell.run(List.of("/bin/sh", "-n", launcher().toString()), Map.of());
    assertThat(result.exitCode()).isZero();
    assertThat(result.stderr()).isEmpty();
  }

  private Path launcher() {
    return Paths.repository().resolve("docker/rootfs/usr/local/bin/netcost");
  }

  /** As {@link #runCronJob(List, String, String, Map)} with the store set to s3://bucket/prefix. */
  private String runCronJob(List<Manifest> manifests, String id, String now) {
    return runCronJob(manifests, id, now, Map.of("NETCOST_STORE", "s3://bucket/prefix"));
  }

  private static Container container(List<Manifest> manifests, String id) {
    return Sources.find(manifests, id)
        .as(CronJob.class)
        .getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  /**
   * Runs the CronJob's container command as the pod would, with a fixed clock and the environment
   * its manifest gives it (values, and ConfigMap keys of its namespace), plus {@code overrides};
   * returns stdout.
   */
  private String runCronJob(
      List<Manifest> manifests, String id, String now, Map<String, String> overrides) {
    Container container = container(manifests, id);
    String namespace = Sources.find(manifests, id).namespace();
    Map<String, String> environment = new java.util.HashMap<>();
    for (io.fabric8.kubernetes.api.model.EnvVar env : container.getEnv()) {
      if (env.getValueFrom() == null) {
        environment.put(env.getName(), env.getValue());
      } else if (env.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = env.getValueFrom().getConfigMapKeyRef();
        environment.put(
            env.getName(),
            Sources.find(manifests, "ConfigMap " + namespace + "/" + ref.getName())
                .as(io.fabric8.kubernetes.api.model.ConfigMap.class)
                .getData()
                .get(ref.getKey()));
      }
    }
    environment.putAll(overrides);
    environment.put("PATH", bin + ":/usr/bin:/bin");
    environment.put("FAKE_NOW", now);
    Shell.executable(bin, "netcost", "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Shell.executable(
        bin,
        "date",
        """
        #!/bin/sh
        # GNU date with a fixed clock: "now" is $FAKE_NOW
        has_d=no
        for a in "$@"; do [ "$a" = "-d" ] && has_d=yes; done
        if [ "$has_d" = no ]; then exec /bin/date -d "$FAKE_NOW" "$@"; fi
        prev=""
        for a in "$@"; do
          shift
          if [ "$prev" = "-d" ] && [ "$a" = "yesterday" ]; then set -- "$@" "$FAKE_NOW yesterday"; else set -- "$@" "$a"; fi
          prev="$a"
        done
        exec /bin/date "$@"
        """);
    Shell.Result result = Shell.run(container.getCommand(), environment);
    assertThat(result.stderr()).isEmpty();
    assertThat(result.exitCode()).isZero();
    return result.stdout();
  }
}
