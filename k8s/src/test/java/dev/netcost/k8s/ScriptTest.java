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
    assertThat(runCronJob("CronJob netcost/netcost-nightly", "2026-03-01 02:30 UTC"))
        .isEqualTo(
            """
            netcost nightly for 2026-02-28
            nightly
            --date
            2026-02-28
            --store
            s3://bucket/prefix
            --master
            local[4]
            """);
  }

  @Test
  void nightlyAfterALeapDay() {
    assertThat(runCronJob("CronJob netcost/netcost-nightly", "2024-03-01 02:30 UTC"))
        .contains("--date\n2024-02-29\n");
  }

  @Test
  void monthlyReportsThePreviousMonth() {
    assertThat(runCronJob("CronJob netcost/netcost-monthly-report", "2026-03-01 07:00 UTC"))
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
    assertThat(runCronJob("CronJob netcost/netcost-monthly-report", "2026-01-01 07:00 UTC"))
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

  /** Runs the CronJob's container command as the pod would, with a fixed clock; returns stdout. */
  private String runCronJob(String id, String now) {
    Container container =
        Sources.find(Sources.load(), id)
            .as(CronJob.class)
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
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
    Shell.Result result =
        Shell.run(
            container.getCommand(),
            Map.of(
                "PATH",
                bin + ":/usr/bin:/bin",
                "FAKE_NOW",
                now,
                "NETCOST_STORE",
                "s3://bucket/prefix",
                "NETCOST_SPARK_MASTER",
                "local[4]"));
    assertThat(result.stderr()).isEmpty();
    assertThat(result.exitCode()).isZero();
    return result.stdout();
  }
}
