package dev.netcost.collector.flows;

import dev.netcost.collector.common.Backoff;
import dev.netcost.collector.common.CollectorSubcommand;
import dev.netcost.collector.common.LocalPods;
import dev.netcost.collector.common.Metrics;
import dev.netcost.collector.common.MetricsServer;
import dev.netcost.collector.common.NodePodNetworks;
import dev.netcost.collector.common.SnapshotSpool;
import dev.netcost.collector.common.WatchedLocalPods;
import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import dev.netcost.store.ObjectStore;
import dev.netcost.store.ObjectStores;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code netcost collect flows}: the node agent. */
@Command(
    name = "flows",
    mixinStandardHelpOptions = true,
    versionProvider = dev.netcost.contract.cli.CommandLines.Version.class,
    description = {
      "Measure this node's traffic from the kernel's conntrack table.",
      "The node agent: bytes per local endpoint and peer; one snapshot per window, written to the"
          + " spool and uploaded to the store."
    })
public final class CollectFlowsCommand implements Callable<Integer>, CollectorSubcommand {
  private static final Logger LOG = System.getLogger(CollectFlowsCommand.class.getName());

  @Option(names = "--cluster", required = true, description = "Cluster name (DNS-1123).")
  String cluster;

  @Option(
      names = "--node",
      defaultValue = "${env:NODE_NAME}",
      required = true,
      description = "This node's name (default: $NODE_NAME).")
  String node;

  @Option(
      names = "--node-ip",
      split = ",",
      description =
          "Addresses of this node (repeatable): traffic from or to them is the node's own or its"
              + " hostNetwork pods'. Include the address SNAT uses.")
  List<String> nodeIps = new ArrayList<>();

  @Option(
      names = "--pod-cidr",
      split = ",",
      description = "This node's pod CIDRs (repeatable), e.g. 10.244.3.0/24,fd00:10:244:3::/64.")
  List<String> podCidrs = new ArrayList<>();

  @Option(
      names = "--pod-cidr-from-api",
      description =
          "Read this node's pod CIDRs from its Node object's spec.podCIDRs (else spec.podCIDR) in"
              + " the Kubernetes API at startup (needs get on nodes). A Node without them stops"
              + " the collector (exit 2) unless --local-pods-from-api is given. Exclusive with"
              + " --pod-cidr.")
  boolean podCidrFromApi;

  @Option(
      names = "--local-pods-from-api",
      description =
          "Also count as local the addresses of this node's pods (status.podIPs, else"
              + " status.podIP; not hostNetwork, not finished), from a watch of pods with field"
              + " selector spec.nodeName=<--node> (needs get, list, watch on pods): for network"
              + " plugins without a per-node pod CIDR (Amazon VPC CNI, Azure CNI without overlay).")
  boolean localPodsFromApi;

  @Option(
      names = "--store",
      defaultValue = "/var/lib/netcost/store",
      description =
          "Object store: a directory, file:///dir, s3://…, gs://…, abfss://… (default: ${DEFAULT-VALUE}).")
  String store;

  @Option(
      names = "--spool-dir",
      defaultValue = "/var/lib/netcost/spool",
      description = "Local spool and checkpoint directory (default: ${DEFAULT-VALUE}).")
  Path spoolDirectory;

  @Option(
      names = "--spool-max-bytes",
      defaultValue = "1073741824",
      description =
          "Spool size cap; the oldest unsent snapshots are dropped beyond it (default: ${DEFAULT-VALUE}).")
  long spoolMaxBytes;

  @Option(
      names = "--window",
      defaultValue = "PT1H",
      description =
          "Snapshot window, 1 minute to 1 hour, dividing an hour (default: ${DEFAULT-VALUE}).")
  Duration window;

  @Option(
      names = "--poll-interval",
      defaultValue = "PT15S",
      description = "Interval between table dumps (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "PT1M",
      description =
          "Minimum interval between state checkpoints (and at every window close); 0 checkpoints"
              + " after every dump. A crash loses at most the bytes since the last checkpoint of"
              + " connections that end before the restart (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--source",
      defaultValue = "auto",
      description =
          "auto (netlink, else conntrack, else proc; logged), netlink (in-process ctnetlink with"
              + " DESTROY events), conntrack (conntrack-tools with DESTROY events) or proc"
              + " (/proc/net/nf_conntrack, no events) (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--conntrack",
      defaultValue = "conntrack",
      description = "conntrack-tools binary.")
  String conntrack;

  @Option(
      names = "--proc-file",
      defaultValue = "/proc/net/nf_conntrack",
      description = "Table file for --source proc.")
  Path procFile;

  @Option(
      names = "--command-prefix",
      split = " ",
      description = "Prefix for host commands, e.g. 'ip netns exec NAME' (tests, benchmarks).")
  List<String> commandPrefix = new ArrayList<>();

  @Option(
      names = "--event-buffer-bytes",
      defaultValue = "8388608",
      description = "Netlink receive buffer of the event socket (default: ${DEFAULT-VALUE}).")
  long eventBufferBytes;

  @Option(
      names = "--enable-accounting",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Set net.netfilter.nf_conntrack_acct=1 when it is 0 (default: on).")
  boolean enableAccounting;

  @Option(
      names = "--metrics-address",
      defaultValue = "0.0.0.0:9102",
      description =
          "host:port of /metrics and /healthz; empty to disable (default: ${DEFAULT-VALUE}).")
  String metricsAddress;

  @Option(
      names = "--kubecost-address",
      defaultValue = "",
      description =
          "host:port for Kubecost-compatible kubecost_pod_network_{egress,ingress}_bytes_total"
              + " (Kubecost uses 0.0.0.0:3001); empty disables (default).")
  String kubecostAddress;

  @Option(
      names = "--pods-file",
      description =
          "Local pods for the Kubecost counters: one 'ip namespace pod' per line (default, unless"
              + " --pods-from-api: /var/lib/netcost/pods).")
  Path podsFile;

  @Option(
      names = "--pods-from-api",
      description =
          "Learn the local pods for the Kubecost counters from the Kubernetes API: a pod informer"
              + " with field selector spec.nodeName=<--node> (needs get, list, watch on pods)."
              + " Exclusive with --pods-file.")
  boolean podsFromApi;

  @Option(
      names = "--pods-sync-timeout",
      defaultValue = "PT1M",
      description =
          "With --pods-from-api or --local-pods-from-api: how long the first list of pods may"
              + " take at startup before the collector fails (exit 2) (default: ${DEFAULT-VALUE}).")
  Duration podsSyncTimeout;

  private Throwable failure;

  @Override
  public Integer call() throws Exception {
    Metrics metrics = new Metrics();
    HostCommands host = new HostCommands(commandPrefix);
    // bad options first (exit 1), before anything touches the kernel
    checkEndpointOptions();
    if (podCidrFromApi && !podCidrs.isEmpty()) {
      throw new IllegalArgumentException(
          "--pod-cidr-from-api and --pod-cidr " + podCidrs + " exclude each other: give one");
    }
    if (!podCidrFromApi && !localPodsFromApi) {
      new LocalEndpoints(new HashSet<>(nodeIps), podCidrs); // no local endpoint at all
    }
    settings(source.equals("proc") ? "proc" : "netlink"); // validates --window and the rest
    if (!List.of("auto", "netlink", "conntrack", "proc").contains(source)) {
      throw new IllegalArgumentException(
          "Invalid --source: '" + source + "' (expected auto, netlink, conntrack or proc)");
    }
    InetSocketAddress metricsSocket = metricsAddress.isBlank() ? null : address(metricsAddress);
    InetSocketAddress kubecostSocket = kubecostAddress.isBlank() ? null : address(kubecostAddress);
    if (podsFromApi && podsFile != null) {
      throw new IllegalArgumentException(
          "--pods-from-api and --pods-file '" + podsFile + "' exclude each other: give one");
    }
    if ((podsFromApi || podsFile != null) && kubecostSocket == null) {
      throw new IllegalArgumentException(
          (podsFromApi ? "--pods-from-api" : "--pods-file")
              + " is only used by the Kubecost counters: give --kubecost-address too");
    }
    if (source.equals("netlink")) {
      host.networkNamespace(); // a prefix the netlink source cannot follow is bad configuration
    }
    // then the API: one that cannot be reached at startup is an external failure (exit 2)
    List<String> cidrs = podCidrFromApi ? apiPodCidrs() : podCidrs;
    // one watch of this node's pods serves both the local endpoints and the Kubecost counters
    try (WatchedLocalPods watched = localPodsFromApi || podsFromApi ? watchPods() : null;
        LocalPods file = kubecostSocket != null && !podsFromApi ? podsFile() : null) {
      FlowClassifier classifier =
          new FlowClassifier(
              new LocalEndpoints(new HashSet<>(nodeIps), cidrs, localPodsFromApi ? watched : null));
      return run(
          host, metrics, classifier, metricsSocket, kubecostSocket, podsFromApi ? watched : file);
    }
  }

  private int run(
      HostCommands host,
      Metrics metrics,
      FlowClassifier classifier,
      InetSocketAddress metricsSocket,
      InetSocketAddress kubecostSocket,
      LocalPods pods)
      throws Exception {
    // then the kernel: no usable source or no byte counters is an external failure (exit 2)
    final String chosen =
        source.equals("auto")
            ? SourceChoice.choose(host, conntrack, procFile)
            : SourceChoice.require(source, host, conntrack, procFile);
    FlowCollector.Settings settings = settings(chosen);
    ConntrackAccounting.ensureEnabled(host, enableAccounting);
    ConntrackSource dumps =
        switch (chosen) {
          case "netlink" -> new NetlinkConntrackSource(host.networkNamespace(), metrics);
          case "conntrack" -> new ConntrackToolSource(host, conntrack, metrics);
          case "proc" -> new ProcConntrackSource(host, procFile, metrics);
          default ->
              throw new IllegalArgumentException(
                  "Invalid --source: '" + source + "' (expected auto, netlink, conntrack or proc)");
        };
    TableFill.register(metrics, host);
    try (ObjectStore objectStore = ObjectStores.open(store);
        SnapshotSpool spool =
            new SnapshotSpool(
                spoolDirectory,
                objectStore,
                spoolMaxBytes,
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SecureRandom()),
                metrics)) {
      FlowCollector collector =
          new FlowCollector(settings, dumps, classifier, spool, metrics, Clock.systemUTC());
      collector.accountant().expectConnections(TableFill.count(host));
      collector.open(
          listener ->
              chosen.equals("netlink")
                  ? new NetlinkEvents(host.networkNamespace(), eventBufferBytes, listener, metrics)
                  : new ConntrackEvents(host, conntrack, eventBufferBytes, listener, metrics));
      spool.start();
      Metrics kubecostMetrics = new Metrics();
      MetricsServer kubecostServer = null;
      if (!kubecostAddress.isBlank()) {
        collector.accountant().exportTo(new KubecostMetrics(kubecostMetrics, pods));
        LOG.log(Level.INFO, "Kubecost counters on {0}, local pods from {1}", kubecostSocket, pods);
        kubecostServer =
            new MetricsServer(kubecostSocket, kubecostMetrics::exposition, collector::health);
      }
      MetricsServer server =
          metricsSocket == null
              ? null
              : new MetricsServer(metricsSocket, metrics::exposition, collector::health);
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                LOG.log(Level.INFO, "Stopping: flushing the current window");
                try {
                  collector.stopAndWait(Duration.ofSeconds(60));
                  collector.close();
                  spool.close(Duration.ofSeconds(10));
                  finished.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      LOG.log(
          Level.INFO,
          "Collecting flows of node {0} ({1}) from {2} every {3}, window {4}, store {5}",
          node,
          classifier,
          dumps.description(),
          pollInterval,
          window,
          objectStore.root());
      try {
        collector.start();
        collector.awaitTermination(Duration.ofDays(36500));
        failure = collector.failure();
      } finally {
        if (server != null) {
          server.close();
        }
        if (kubecostServer != null) {
          kubecostServer.close();
        }
        finished.countDown();
      }
    }
    if (failure instanceof Exception e) {
      throw e; // one line and its exit code from the command line's handler
    }
    return failure == null ? 0 : 3;
  }

  /** The local pods of the Kubecost counters from the pods file. */
  private LocalPods podsFile() {
    return new PodsFile(podsFile == null ? Path.of("/var/lib/netcost/pods") : podsFile);
  }

  /** A watch of this node's pods; returns once the first list is in. */
  private WatchedLocalPods watchPods() {
    for (LocalPods.Provider provider : ServiceLoader.load(LocalPods.Provider.class)) {
      return provider.open(node, podsSyncTimeout);
    }
    throw new IllegalStateException(
        (localPodsFromApi ? "--local-pods-from-api" : "--pods-from-api")
            + ": no Kubernetes API pod source on the class path (netcost-collector-metadata)");
  }

  /**
   * This node's pod CIDRs from its Node object, each checked as --pod-cidr's are; none only with
   * --local-pods-from-api.
   */
  private List<String> apiPodCidrs() {
    for (NodePodNetworks source : ServiceLoader.load(NodePodNetworks.class)) {
      List<String> cidrs = source.of(node);
      if (cidrs.isEmpty() && !localPodsFromApi) {
        throw new NetcostException(
            ErrorKind.EXTERNAL,
            "Node "
                + node
                + " has no spec.podCIDRs: its network plugin gives pods addresses from elsewhere"
                + " (Amazon VPC CNI, Azure CNI without overlay); add --local-pods-from-api to take"
                + " this node's pod addresses from a watch of its pods, or give --pod-cidr");
      }
      if (cidrs.isEmpty()) {
        LOG.log(
            Level.INFO,
            "Node {0} has no pod CIDRs: its pods are local by their addresses"
                + " (--local-pods-from-api)",
            node);
        return cidrs;
      }
      for (String cidr : cidrs) {
        try {
          dev.netcost.contract.IpPrefix.parse(cidr);
        } catch (IllegalArgumentException e) {
          throw new NetcostException(
              ErrorKind.EXTERNAL, "Node " + node + " spec.podCIDRs: " + e.getMessage(), e);
        }
      }
      LOG.log(Level.INFO, "Pod CIDRs of node {0} from the Kubernetes API: {1}", node, cidrs);
      return cidrs;
    }
    throw new IllegalStateException(
        "--pod-cidr-from-api: no Kubernetes API Node source on the class path (netcost-collector-metadata)");
  }

  /** The node's addresses and pod CIDRs, each checked with the option that gave it. */
  private void checkEndpointOptions() {
    for (String cidr : podCidrs) {
      try {
        dev.netcost.contract.IpPrefix.parse(cidr);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--pod-cidr: " + e.getMessage(), e);
      }
    }
    for (String ip : nodeIps) {
      try {
        dev.netcost.contract.IpAddresses.canonical(ip);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--node-ip: invalid address '" + ip + "'", e);
      }
    }
  }

  private FlowCollector.Settings settings(String chosen) {
    // without events an entry that left the table is gone for good: no grace needed
    return new FlowCollector.Settings(
        cluster,
        node,
        window,
        pollInterval,
        spoolDirectory.resolve("state"),
        chosen.equals("proc") ? 0 : 10,
        checkpointInterval);
  }

  static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "" : text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = -1;
    try {
      port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      // reported below
    }
    if (host.isEmpty() || port < 0 || port > 65535) {
      throw new IllegalArgumentException("Invalid address: '" + text + "' (expected host:port)");
    }
    return new InetSocketAddress(host, port);
  }
}
