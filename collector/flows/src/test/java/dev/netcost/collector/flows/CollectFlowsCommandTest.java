package dev.netcost.collector.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.collector.CollectorMain;
import dev.netcost.contract.BuildVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CollectFlowsCommandTest {
  @Test
  void flowsIsRegisteredUnderCollect() {
    CommandLine root = CollectorMain.commandLine();
    assertThat(root.getSubcommands().get("collect").getSubcommands()).containsKey("flows");
    StringWriter out = new StringWriter();
    root.setOut(new PrintWriter(out));
    assertThat(root.execute("collect", "flows", "--help")).isZero();
    assertThat(out.toString()).contains("--pod-cidr").contains("--window");
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(
            () ->
                new FlowCollector.Settings(
                    "c", "n", Duration.ofMinutes(7), Duration.ofSeconds(15), Path.of("/tmp"), 10))
        .hasMessage(
            "Invalid window: PT7M (expected whole seconds from 1 minute to 1 hour dividing an"
                + " hour, e.g. PT1H, PT15M, PT1M)");
    assertThatThrownBy(
            () ->
                new FlowCollector.Settings(
                    "c", "n", Duration.ofMinutes(1), Duration.ofMinutes(2), Path.of("/tmp"), 10))
        .hasMessage("Invalid poll interval: PT2M (expected positive and at most the window)");
    assertThatThrownBy(
            () ->
                new FlowCollector.Settings(
                    "Prod", "n", Duration.ofMinutes(1), Duration.ofSeconds(1), Path.of("/tmp"), 10))
        .hasMessageStartingWith("Invalid cluster name: 'Prod'");
    assertThatThrownBy(() -> new LocalEndpoints(java.util.Set.of(), java.util.List.of()))
        .hasMessage(
            "No local endpoints: give the node's addresses (--node-ip) and/or its pod CIDRs"
                + " (--pod-cidr)");
    assertThatThrownBy(
            () -> new LocalEndpoints(java.util.Set.of(), java.util.List.of("10.0.0.0/33")))
        .hasMessage("Invalid prefix length in '10.0.0.0/33'");
  }

  @Test
  void autoSourcePrefersNetlinkThenTheToolThenProcThenFailsClearly() {
    HostCommands host = new HostCommands(java.util.List.of());
    Path proc = Path.of("/proc/self/status"); // any readable file stands in for the table
    SourceChoice.NetlinkProbe broken = () -> "socket failed: EPERM";
    assertThat(SourceChoice.choose(host, "true", proc, () -> null)).isEqualTo("netlink");
    assertThat(SourceChoice.choose(host, "true", proc, broken)).isEqualTo("conntrack");
    assertThat(SourceChoice.choose(host, "/nonexistent/conntrack", proc, broken)).isEqualTo("proc");
    assertThatThrownBy(
            () ->
                SourceChoice.choose(
                    host, "/nonexistent/conntrack", Path.of("/nonexistent/table"), broken))
        .isInstanceOf(dev.netcost.contract.NetcostException.class)
        .hasMessageStartingWith(
            "No conntrack source: netlink cannot be used (socket failed: EPERM),"
                + " /nonexistent/conntrack cannot run (")
        .hasMessageEndingWith(
            "/nonexistent/table cannot be read (test -r /nonexistent/table failed with exit code"
                + " 1: ); run the agent as root or with CAP_NET_ADMIN in the host network"
                + " namespace");
  }

  /** Runs {@code netcost collect flows ARGS}; returns {exit code, standard error}. */
  private static Object[] run(String... args) {
    CommandLine root = CollectorMain.commandLine();
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    root.setErr(new PrintWriter(err));
    root.setOut(new PrintWriter(out));
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("collect", "flows"));
    all.addAll(java.util.List.of(args));
    int code = root.execute(all.toArray(String[]::new));
    return new Object[] {code, err.toString(), out.toString()};
  }

  @Test
  void aBadPodCidrIsOneLineNamingTheValueAndExitCode1() {
    Object[] result =
        run("--cluster=c1", "--node=n1", "--pod-cidr=10.0.0.0/33", "--spool-dir=/nonexistent");
    assertThat(result[0]).isEqualTo(1);
    assertThat(result[1])
        .isEqualTo(
            "error: --pod-cidr: Invalid prefix length in '10.0.0.0/33'" + System.lineSeparator());
    result = run("--cluster=c1", "--node=n1", "--pod-cidr=10.0.0.0/8", "--node-ip=10.0.0.300");
    assertThat(result[0]).isEqualTo(1);
    assertThat(result[1])
        .isEqualTo("error: --node-ip: invalid address '10.0.0.300'" + System.lineSeparator());
    result = run("--cluster=c1", "--node=n1", "--pod-cidr=10.0.0.0/8", "--source=ebpf");
    assertThat(result[0]).isEqualTo(1);
    assertThat(result[1])
        .isEqualTo(
            "error: Invalid --source: 'ebpf' (expected auto, netlink, conntrack or proc)"
                + System.lineSeparator());
    result = run("--cluster=c1", "--node=n1", "--pod-cidr=10.0.0.0/8", "--metrics-address=9102");
    assertThat(result[0]).isEqualTo(1);
    assertThat(result[1])
        .isEqualTo("error: Invalid address: '9102' (expected host:port)" + System.lineSeparator());
  }

  @Test
  void aMissingConntrackSourceIsAStartupFailureWithExitCode2() {
    Object[] result =
        run(
            "--cluster=c1",
            "--node=n1",
            "--pod-cidr=10.0.0.0/8",
            "--source=conntrack",
            "--conntrack=/nonexistent/conntrack");
    assertThat(result[0]).isEqualTo(2);
    String err = (String) result[1];
    assertThat(err)
        .startsWith(
            "error (external system): --source conntrack cannot be used: Cannot run program"
                + " \"/nonexistent/conntrack\"")
        .endsWith(System.lineSeparator());
    assertThat(err.strip().lines()).hasSize(1);
  }

  @Test
  void versionComesFromTheBuild() {
    StringWriter rootOut = new StringWriter();
    CommandLine root = CollectorMain.commandLine();
    root.setOut(new PrintWriter(rootOut));
    assertThat(root.execute("-V")).isZero();
    // the version Maven filtered into the build: never empty, never an unfiltered placeholder
    assertThat(BuildVersion.version()).matches("[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?");
    assertThat(rootOut.toString())
        .isEqualTo("netcost " + BuildVersion.version() + System.lineSeparator());
    Object[] result = run("-V");
    assertThat(result[0]).isEqualTo(0);
    assertThat(result[2]).isEqualTo("netcost " + BuildVersion.version() + System.lineSeparator());
  }

  @Test
  void cidrMembership() {
    LocalEndpoints local =
        new LocalEndpoints(
            java.util.Set.of("192.0.2.7"),
            java.util.List.of("10.244.3.0/24", "fd00:10:244:3::/64"));
    assertThat(local.isLocal("10.244.3.200")).isTrue();
    assertThat(local.isLocal("10.244.4.1")).isFalse();
    assertThat(local.isLocal("fd00:10:244:3::5")).isTrue();
    assertThat(local.isLocal("fd00:10:244:4::5")).isFalse();
    assertThat(local.isLocal("192.0.2.7")).isTrue();
  }
}
