package dev.netcost.collector.flows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * A private network made of three namespaces for one test, with unique names, torn down on close:
 *
 * <pre>
 *   pod ns  10.99.2.2 ──veth── 10.99.2.1  NODE ns  10.99.1.1, fd99:1::1 ──veth── 10.99.1.2, fd99:1::2  peer ns
 * </pre>
 *
 * The node namespace is where the collector looks: conntrack accounting on, nftables rules that
 * track every connection, a DNAT rule standing in for a ClusterIP (10.99.200.1:80 → 10.99.1.2:8080)
 * and masquerade of the pod network towards the peer standing in for SNAT to the internet. All
 * addresses exist only inside these namespaces.
 */
final class KernelLab implements AutoCloseable {
  static final String NODE_IP = "10.99.1.1";
  static final String NODE_IP6 = "fd99:1::1";
  static final String PEER_IP = "10.99.1.2";
  static final String PEER_IP6 = "fd99:1::2";
  static final String POD_IP = "10.99.2.2";
  static final String POD_GATEWAY = "10.99.2.1";
  static final String POD_CIDR = "10.99.2.0/24";
  static final String VIP = "10.99.200.1";

  final String node;
  final String peer;
  final String pod;
  private final String suffix;
  private final List<Process> processes = new CopyOnWriteArrayList<>();

  /** Skips outside CI when not root; fails in CI when not root. */
  static void requireRoot() {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root && "true".equals(System.getenv("CI"))) {
      fail(
          "Kernel conntrack tests need root and must run in CI (CI=true), but user is "
              + System.getProperty("user.name"));
    }
    Assumptions.assumeTrue(
        root, "Skipping kernel conntrack test: needs root (network namespaces, nftables)");
  }

  KernelLab() throws IOException {
    suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    node = "nc-node-" + suffix;
    peer = "nc-peer-" + suffix;
    pod = "nc-pod-" + suffix;
    try {
      setUp();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void setUp() throws IOException {
    String np = "ncn" + suffix;
    String pn = "ncp" + suffix;
    String nq = "ncq" + suffix;
    String qn = "ncr" + suffix;
    for (String ns : List.of(node, peer, pod)) {
      sh("ip", "netns", "add", ns);
      sh("ip", "-n", ns, "link", "set", "lo", "up");
    }
    sh("ip", "link", "add", np, "netns", node, "type", "veth", "peer", "name", pn, "netns", peer);
    sh("ip", "link", "add", nq, "netns", node, "type", "veth", "peer", "name", qn, "netns", pod);
    sh("ip", "-n", node, "addr", "add", NODE_IP + "/24", "dev", np);
    sh("ip", "-n", node, "addr", "add", NODE_IP6 + "/64", "dev", np, "nodad");
    sh("ip", "-n", peer, "addr", "add", PEER_IP + "/24", "dev", pn);
    sh("ip", "-n", peer, "addr", "add", PEER_IP6 + "/64", "dev", pn, "nodad");
    sh("ip", "-n", node, "addr", "add", POD_GATEWAY + "/24", "dev", nq);
    sh("ip", "-n", pod, "addr", "add", POD_IP + "/24", "dev", qn);
    sh("ip", "-n", node, "link", "set", np, "up");
    sh("ip", "-n", node, "link", "set", nq, "up");
    sh("ip", "-n", peer, "link", "set", pn, "up");
    sh("ip", "-n", pod, "link", "set", qn, "up");
    sh("ip", "-n", pod, "route", "add", "default", "via", POD_GATEWAY);
    // the "ClusterIP" needs a route for the first routing decision, before DNAT rewrites it
    sh("ip", "-n", node, "route", "add", VIP + "/32", "dev", np);
    in(node, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    in(node, "sysctl", "-q", "-w", "net.netfilter.nf_conntrack_acct=1");
    String rules =
        """
        table inet netcost_test {
          chain output { type filter hook output priority 0; ct state new counter; }
          chain input { type filter hook input priority 0; ct state new counter; }
          chain forward { type filter hook forward priority 0; ct state new counter; }
        }
        table ip netcost_nat {
          chain prerouting { type nat hook prerouting priority -100; ip daddr %1$s tcp dport 80 dnat to %2$s:8080; }
          chain output { type nat hook output priority -100; ip daddr %1$s tcp dport 80 dnat to %2$s:8080; }
          chain postrouting { type nat hook postrouting priority 100; ip saddr %3$s oifname "%4$s" masquerade; }
        }
        """
            .formatted(VIP, PEER_IP, POD_CIDR, np);
    Path file = java.nio.file.Files.createTempFile("netcost-nft", ".nft");
    try {
      java.nio.file.Files.writeString(file, rules);
      in(node, "nft", "-f", file.toString());
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  /** Runs a command inside a namespace and returns its output. */
  String in(String ns, String... command) throws IOException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(command));
    return sh(full.toArray(String[]::new));
  }

  /** Standard output only (a tool's summary on standard error never splits a line). */
  String stdout(String ns, String... command) throws IOException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(command));
    Process process =
        new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", full) + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out;
  }

  static String sh(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out;
  }

  /** Starts a child JVM running {@link TrafficTool} inside {@code ns}. */
  Process traffic(String ns, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                TrafficTool.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    processes.add(process);
    return process;
  }

  /** Starts the servers in the peer namespace and waits until they listen. */
  Process servers(String... specs) throws IOException {
    List<String> args = new ArrayList<>(List.of("serve"));
    args.addAll(List.of(specs));
    Process process = traffic(peer, args.toArray(String[]::new));
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    String line = reader.readLine();
    if (!"READY".equals(line)) {
      throw new IOException("servers did not start: " + line);
    }
    return process;
  }

  /** Runs client operations in {@code ns} to completion. */
  void run(String ns, String... ops) throws IOException, InterruptedException {
    Process process = traffic(ns, ops);
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("traffic " + List.of(ops) + " failed: " + out);
    }
  }

  /** Captures DESTROY events of the node namespace, independently of the collector. */
  final class DestroyCapture implements AutoCloseable {
    private final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();

    DestroyCapture() throws IOException {
      process =
          new ProcessBuilder(
                  "ip",
                  "netns",
                  "exec",
                  node,
                  "conntrack",
                  "-E",
                  "-e",
                  "DESTROY",
                  "-o",
                  "extended,id",
                  "-b",
                  "8388608")
              .start();
      processes.add(process);
      BufferedReader errors =
          new BufferedReader(new InputStreamReader(process.getErrorStream(), UTF_8));
      String notice = errors.readLine(); // printed once the subscription exists
      if (notice == null || !notice.startsWith("NOTICE")) {
        throw new IOException("conntrack -E did not start: " + notice);
      }
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                  String line;
                  while ((line = out.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // closed
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    @Override
    public void close() {
      process.destroy();
    }
  }

  /** Flushes the node's table: every remaining entry ends with a DESTROY event. */
  void flush() throws IOException {
    in(node, "conntrack", "-F");
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    await(what, condition, () -> "");
  }

  static void await(
      String what, BooleanSupplier condition, java.util.function.Supplier<String> diagnostics)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("Gave up waiting for " + what + "\n" + diagnostics.get());
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    for (Process process : processes) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    for (String ns : List.of(node, peer, pod)) {
      try {
        sh("ip", "netns", "del", ns);
      } catch (IOException e) {
        // not created
      }
    }
  }
}
