package dev.netcost.demo;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Direction;
import dev.netcost.contract.FlowRecord;
import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.LabelsJson;
import dev.netcost.contract.ObjectKeys;
import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import dev.netcost.contract.Protocol;
import dev.netcost.contract.Sentinels;
import dev.netcost.contract.SnapshotWriter;
import dev.netcost.pricing.PriceBook;
import dev.netcost.pricing.PriceQuery;
import dev.netcost.pricing.PriceQuote;
import dev.netcost.pricing.Tier;
import dev.netcost.pricing.TierSchedule;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import dev.netcost.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntConsumer;

/**
 * Writes a realistic synthetic cluster in exactly the contract's formats: hourly flow snapshots per
 * node and hourly metadata snapshots, as the collectors would. Two regions, five zones, 24 nodes,
 * 12 namespaces of five teams (one namespace without a team label), ClusterIP services with DNAT'd
 * backends, stateful replication across zones, a workload in another region, pods that restart and
 * whose addresses are reused by other teams' pods within the day, a hostNetwork DaemonSet, node
 * traffic, internet clients and destinations (IPv4 and IPv6), an on-premises range reached over a
 * private link, private space outside every rule, and a Service VIP reached without DNAT (unknown).
 *
 * <p>It also records the ground truth it knows by construction (owner and class of every byte),
 * priced with the same price sheet, the sender-pays policy and the internet egress ladders per
 * region and month (computed here from its own volumes, independently of the job). Everything is a
 * function of the options: the same options give byte-identical snapshots.
 */
public final class ClusterGenerator {
  /** Where the demo cluster's on-premises network is: the job's private allow-list. */
  public static final String ON_PREM_CIDR = "192.168.0.0/16";

  static final String PROVIDER = "aws";

  /**
   * Bytes per GiB, the unit of every rate. The generator's money arithmetic is its own, not
   * contract {@code Money}'s (see {@code
   * ArchitectureTest.theGroundTruthIsPricedByTheGeneratorsOwnArithmetic}): the ground truth is the
   * tests' independent oracle.
   */
  static final BigDecimal BYTES_PER_GIB = BigDecimal.valueOf(1L << 30);

  private static final String WRITER = "netcost-generator";
  private static final long MB = 1_000_000L;

  /** What to generate. */
  public record Options(
      String cluster,
      LocalDate firstDay,
      int days,
      long seed,
      int internetClientsPerPodHour,
      int nodes,
      int podsPerNode) {
    /** The demo cluster's node count, and the least a generated cluster has. */
    public static final int BASE_NODES = 24;

    /** Most nodes: pod addresses are 10.(100 + node / 256).(node % 256).host. */
    public static final int MAX_NODES = 256 * 100;

    /** Most scale pods per node (a node's pod addresses are one /24). */
    public static final int MAX_PODS_PER_NODE = 200;

    public Options {
      requireNonNull(cluster, "cluster is null");
      requireNonNull(firstDay, "firstDay is null");
      if (days < 1) {
        throw new IllegalArgumentException("days must be at least 1: " + days);
      }
      if (internetClientsPerPodHour < 1) {
        throw new IllegalArgumentException(
            "internetClientsPerPodHour must be at least 1: " + internetClientsPerPodHour);
      }
      if (nodes < BASE_NODES || nodes > MAX_NODES) {
        throw new IllegalArgumentException(
            "nodes must be between " + BASE_NODES + " and " + MAX_NODES + ": " + nodes);
      }
      if (podsPerNode < 0 || podsPerNode > MAX_PODS_PER_NODE) {
        throw new IllegalArgumentException(
            "podsPerNode must be between 0 and " + MAX_PODS_PER_NODE + ": " + podsPerNode);
      }
    }

    /** The demo cluster's shape: 24 nodes and no scale pods. */
    public Options(
        String cluster, LocalDate firstDay, int days, long seed, int internetClientsPerPodHour) {
      this(cluster, firstDay, days, seed, internetClientsPerPodHour, BASE_NODES, 0);
    }

    public static Options demo(LocalDate firstDay, int days) {
      return new Options("demo", firstDay, days, 20261101L, 30);
    }
  }

  /** What was written. */
  public record Result(
      GroundTruth truth, long flowRows, int flowSnapshots, int metadataSnapshots, long wireBytes) {}

  private final Options options;
  private final PriceBook prices;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Pod> pods = new ArrayList<>();
  private final Map<String, Service> services = new LinkedHashMap<>();
  private final Map<String, String> teams = new LinkedHashMap<>();
  private final Map<Node, Deque<Integer>> freeAddresses = new HashMap<>();
  private final Map<Node, Integer> nextAddress = new HashMap<>();
  private final List<Pod> scalePods = new ArrayList<>();
  private final SplittableRandom random;
  private final Instant clusterStart;
  private int uidCounter;
  private final BillUsage billUsage = new BillUsage(); // what a cloud bill would meter

  /** Bytes per day, instance, class and direction, as {@link BillGenerator} bills them. */
  public BillUsage billUsage() {
    return billUsage;
  }

  public ClusterGenerator(Options options, PriceBook prices) {
    this.options = requireNonNull(options, "options is null");
    this.prices = requireNonNull(prices, "prices is null");
    this.random = new SplittableRandom(options.seed());
    this.clusterStart = options.firstDay().minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant();
    buildCluster();
  }

  // ---------------------------------------------------------------- model

  record Node(int index, String name, String ip, String zone, String region, String instanceId) {}

  static final class Pod {
    final String uid;
    final String name;
    final String namespace;
    final String workloadKind;
    final String workload;
    final Node node;
    final String ip;
    final boolean hostNetwork;
    final String listenPorts;
    final Instant start;
    Instant end; // null while running
    final int ordinal;

    Pod(
        String uid,
        String name,
        String namespace,
        String workloadKind,
        String workload,
        Node node,
        String ip,
        boolean hostNetwork,
        String listenPorts,
        Instant start,
        Instant end,
        int ordinal) {
      this.uid = uid;
      this.name = name;
      this.namespace = namespace;
      this.workloadKind = workloadKind;
      this.workload = workload;
      this.node = node;
      this.ip = ip;
      this.hostNetwork = hostNetwork;
      this.listenPorts = listenPorts;
      this.start = start;
      this.end = end;
      this.ordinal = ordinal;
    }

    boolean alive(Instant from, Instant to) {
      return start.isBefore(to) && (end == null || end.isAfter(from));
    }
  }

  record Service(
      String uid, String namespace, String name, String vip, String backendWorkload, int port) {}

  private void buildCluster() {
    String[][] zones = {
      {"us-east-1", "us-east-1a"},
      {"us-east-1", "us-east-1b"},
      {"us-east-1", "us-east-1c"},
      {"us-west-2", "us-west-2a"},
      {"us-west-2", "us-west-2b"}
    };
    int[] nodesPerZone = {6, 6, 6, 3, 3};
    int[] inZone = new int[zones.length];
    for (int z = 0; z < zones.length; z++) {
      for (int n = 0; n < nodesPerZone[z]; n++) {
        addNode(zones, z, inZone[z]++);
      }
    }
    // scale mode: further nodes in the same 2:2:2:1:1 proportion over the five zones
    int[] pattern = {0, 0, 1, 1, 2, 2, 3, 4};
    for (int extra = 0; nodes.size() < options.nodes(); extra++) {
      int z = pattern[extra % pattern.length];
      addNode(zones, z, inZone[z]++);
    }
    teams.put("ingress-nginx", "platform");
    teams.put("monitoring", "platform");
    teams.put("logging", "platform");
    teams.put("storefront", "web");
    teams.put("checkout", "web");
    teams.put("payments-api", "payments");
    teams.put("payments-batch", "payments");
    teams.put("search", "search");
    teams.put("search-indexer", "search");
    teams.put("analytics", "data");
    teams.put("etl", "data");
    teams.put("sandbox", Sentinels.UNASSIGNED_TEAM); // no team label on purpose

    deployment("ingress-nginx", "Deployment", "controller", List.of(0, 6));
    deployment("storefront", "Deployment", "web", List.of(0, 1, 6, 7, 12, 13));
    deployment("checkout", "Deployment", "api", List.of(2, 8, 14));
    deployment("payments-api", "Deployment", "gateway", List.of(3, 9, 15));
    deployment("payments-api", "StatefulSet", "postgres", List.of(4, 10, 16));
    deployment("search", "Deployment", "query", List.of(5, 11, 17));
    deployment("search", "StatefulSet", "opensearch", List.of(1, 7, 13));
    deployment("search-indexer", "Deployment", "indexer", List.of(18, 21));
    deployment("analytics", "Deployment", "trino", List.of(19, 22));
    deployment("monitoring", "StatefulSet", "prometheus", List.of(2));
    deployment("logging", "StatefulSet", "loki", List.of(8));
    deployment("sandbox", "Deployment", "experiment", List.of(15));
    List<Integer> everyNode = new ArrayList<>();
    for (Node node : nodes) {
      everyNode.add(node.index());
    }
    deployment("logging", "DaemonSet", "fluent-bit", everyNode);
    for (Node node : nodes) {
      pods.add(
          new Pod(
              uid(),
              "node-exporter-" + suffix(),
              "monitoring",
              "DaemonSet",
              "node-exporter",
              node,
              node.ip(),
              true,
              "tcp/9100",
              clusterStart,
              null,
              node.index()));
    }
    service("ingress-nginx", "controller", 443);
    service("storefront", "web", 8080);
    service("checkout", "api", 8443);
    service("payments-api", "gateway", 8443);
    service("payments-api", "postgres", 5432);
    service("search", "query", 8080);
    service("search", "opensearch", 9200);
    service("analytics", "trino", 8080);
    service("logging", "loki", 3100);
    addScalePods();
  }

  /** The n-th node of zone z; the demo's 24 nodes keep the addresses they always had. */
  private void addNode(String[][] zones, int z, int n) {
    int index = nodes.size();
    int regionOctet = zones[z][0].equals("us-east-1") ? 0 : 1;
    int third = z + 1 + 8 * (n / 200);
    int fourth = 10 + n % 200;
    String ip = "10." + regionOctet + "." + third + "." + fourth;
    String name =
        "ip-10-"
            + regionOctet
            + "-"
            + third
            + "-"
            + fourth
            + "."
            + zones[z][0]
            + ".compute.internal";
    String instance = String.format("i-0%016x", 0x5eed0000L + index * 7919L);
    Node node = new Node(index, name, ip, zones[z][1], zones[z][0], instance);
    nodes.add(node);
    freeAddresses.put(node, new ArrayDeque<>());
    nextAddress.put(node, 2);
  }

  private static void write(ObjectStore store, String key, byte[] data) {
    try {
      store.createOrOverwrite(key, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Namespaces the scale pods belong to (teams' namespaces, one of them without a team). */
  private static final List<String> SCALE_NAMESPACES =
      List.of(
          "storefront",
          "checkout",
          "payments-api",
          "search",
          "analytics",
          "etl",
          "sandbox",
          "monitoring");

  /** Deployments the scale pods form (each spread over many nodes). */
  private static final int SCALE_WORKLOADS = 40;

  /** Scale mode: {@code podsPerNode} long-running application pods on every node. */
  private void addScalePods() {
    for (Node node : nodes) {
      for (int slot = 0; slot < options.podsPerNode(); slot++) {
        int w = (node.index() * options.podsPerNode() + slot) % SCALE_WORKLOADS;
        String namespace = SCALE_NAMESPACES.get(w % SCALE_NAMESPACES.size());
        Pod pod =
            new Pod(
                uid(),
                "app-" + w + "-" + suffix() + "-" + suffix(),
                namespace,
                "Deployment",
                "app-" + w,
                node,
                allocate(node),
                false,
                null,
                clusterStart,
                null,
                slot);
        pods.add(pod);
        scalePods.add(pod);
      }
    }
  }

  private void deployment(
      String namespace, String kind, String workload, List<Integer> nodeIndexes) {
    for (int i = 0; i < nodeIndexes.size(); i++) {
      Node node = nodes.get(nodeIndexes.get(i));
      String name =
          kind.equals("StatefulSet")
              ? workload + "-" + i
              : workload + "-" + suffix() + "-" + suffix();
      pods.add(
          new Pod(
              uid(),
              name,
              namespace,
              kind,
              workload,
              node,
              allocate(node),
              false,
              null,
              clusterStart,
              null,
              i));
    }
  }

  private void service(String namespace, String workload, int port) {
    String vip = "172.20." + (services.size() / 200) + "." + (10 + services.size() % 200);
    services.put(
        namespace + "/" + workload, new Service(uid(), namespace, workload, vip, workload, port));
  }

  private String allocate(Node node) {
    Deque<Integer> free = freeAddresses.get(node);
    int host = free.isEmpty() ? nextAddress.merge(node, 1, Integer::sum) - 1 : free.pop();
    if (host > 254) {
      throw new IllegalStateException("node " + node.name() + " has no pod address left");
    }
    return "10." + (100 + node.index() / 256) + "." + node.index() % 256 + "." + host;
  }

  private void release(Pod pod) {
    String[] octets = pod.ip.split("\\.");
    freeAddresses.get(pod.node).push(Integer.parseInt(octets[3]));
  }

  private String uid() {
    uidCounter++;
    return String.format(
        "00000000-0000-4000-8000-%012x", (options.seed() & 0xffff) << 32 | uidCounter);
  }

  private String suffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- generation

  /** Writes every snapshot and the ground truth to {@code store}. */
  public Result generate(ObjectStore store) throws IOException {
    return generate(store, day -> {});
  }

  /** As {@link #generate(ObjectStore)}, telling {@code progress} each day index as it starts. */
  public Result generate(ObjectStore store, IntConsumer progress) throws IOException {
    // snapshots are encoded and stored by a pool while the next hour is generated; waiting for an
    // hour's files before handing over the next keeps at most two hours of rows in memory
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService writers = Executors.newFixedThreadPool(threads, daemonThreads());
    try {
      return generate(store, progress, writers);
    } finally {
      writers.shutdownNow();
    }
  }

  private static ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "netcost-generator-writer");
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void await(List<Future<?>> pending) throws IOException {
    try {
      for (Future<?> future : pending) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing snapshots", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IllegalStateException("writing a snapshot failed", e.getCause());
    }
    pending.clear();
  }

  private Result generate(ObjectStore store, IntConsumer progress, ExecutorService writers)
      throws IOException {
    List<Future<?>> writing = new ArrayList<>();
    GroundTruth truth = new GroundTruth();
    long rows = 0;
    int flowSnapshots = 0;
    int metadataSnapshots = 0;
    long wireBytes = 0;
    Map<String, Long> monthBytes = new TreeMap<>(); // internet egress per region, month to date
    for (int d = 0; d < options.days(); d++) {
      progress.accept(d);
      LocalDate date = options.firstDay().plusDays(d);
      if (date.getDayOfMonth() == 1) {
        monthBytes.clear();
      }
      Map<String, TreeMap<String, Long>> dayInternet = new TreeMap<>();
      Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
      List<Runnable> hourFiles = new ArrayList<>();
      for (int hour = 0; hour < 24; hour++) {
        Instant from = dayStart.plus(Duration.ofHours(hour));
        Instant to = from.plus(Duration.ofHours(1));
        churn(d, hour, from);
        Window window = new Window(from, to);
        emitHour(window, d, hour);
        for (Map.Entry<Node, TreeMap<String, Row>> entry : window.rows.entrySet()) {
          Node node = entry.getKey();
          List<FlowRecord> records = new ArrayList<>(entry.getValue().size());
          for (Row row : entry.getValue().values()) {
            records.add(row.record(options.cluster(), node, from, to));
            account(truth, date, node, row, dayInternet);
            wireBytes += row.sent;
            billUsage.add(
                date,
                node.region(),
                node.zone(),
                node.instanceId(),
                row.trafficClass,
                row.peerRegion,
                row.sent,
                row.received);
          }
          String key = ObjectKeys.flowSnapshot(options.cluster(), node.name(), from, 0);
          hourFiles.add(() -> write(store, key, SnapshotWriter.writeFlows(records, WRITER)));
          rows += records.size();
          flowSnapshots++;
        }
        List<OwnershipInterval> owned = intervals(from, to);
        String metadataKey = ObjectKeys.metadataSnapshot(options.cluster(), from, 0);
        hourFiles.add(() -> write(store, metadataKey, SnapshotWriter.writeMetadata(owned, WRITER)));
        metadataSnapshots++;
        await(writing);
        for (Runnable file : hourFiles) {
          writing.add(writers.submit(file));
        }
        hourFiles.clear();
      }
      await(writing);
      allocateInternet(truth, date, dayInternet, monthBytes);
      store.createOrOverwrite("ground-truth/date=" + date + "/chargeback.csv", truth.csv(date));
    }
    return new Result(truth, rows, flowSnapshots, metadataSnapshots, wireBytes);
  }

  /**
   * Pod churn: every day one storefront pod is replaced in the morning, and its address is taken
   * two hours later by a payments-batch job pod (another team) on the same node; each hour a
   * payments-batch job pod runs from :05 to :35; the etl export job runs from 01:00:10 to 03:20.
   */
  private Pod replaced;

  private void churn(int day, int hour, Instant from) {
    int replaceHour = 9 + day % 5;
    if (hour == replaceHour) {
      List<Pod> web = running("storefront", "web", from);
      Pod old = web.get(day % web.size());
      old.end = from.plus(Duration.ofMinutes(40));
      // the replacement gets a fresh address (IPAM does not hand a just-freed address out again at
      // once); the old address is free from now on and taken by the next pod on that node
      Pod replacement =
          new Pod(
              uid(),
              "web-" + suffix() + "-" + suffix(),
              "storefront",
              "Deployment",
              "web",
              old.node,
              allocate(old.node),
              false,
              null,
              from.plus(Duration.ofSeconds(40 * 60 + 30)),
              null,
              old.ordinal);
      pods.add(replacement);
      release(old);
      replaced = old;
    }
    Node settleNode =
        hour == replaceHour + 2 && replaced != null
            ? replaced.node
            : nodes.get((hour * 7 + day) % 18);
    Pod settle =
        new Pod(
            uid(),
            "settle-" + (from.getEpochSecond() / 60) + "-" + suffix(),
            "payments-batch",
            "CronJob",
            "settle",
            settleNode,
            allocate(settleNode),
            false,
            null,
            from.plus(Duration.ofMinutes(5)),
            from.plus(Duration.ofMinutes(35)),
            0);
    pods.add(settle);
    release(settle);
    if (hour == 1) {
      Node node = nodes.get(4 + day % 3);
      Pod export =
          new Pod(
              uid(),
              "nightly-export-" + (from.getEpochSecond() / 60) + "-" + suffix(),
              "etl",
              "CronJob",
              "nightly-export",
              node,
              allocate(node),
              false,
              null,
              from.plusSeconds(10),
              from.plus(Duration.ofMinutes(140)),
              0);
      pods.add(export);
      release(export);
    }
  }

  private List<Pod> running(String namespace, String workload, Instant at) {
    List<Pod> found = new ArrayList<>();
    for (Pod pod : pods) {
      if (pod.namespace.equals(namespace)
          && pod.workload.equals(workload)
          && !pod.start.isAfter(at)
          && (pod.end == null || pod.end.isAfter(at))) {
        found.add(pod);
      }
    }
    return found;
  }

  private List<Pod> alive(String namespace, String workload, Window window) {
    // pods do not change while a window is emitted: one scan per workload and window
    return window.alive.computeIfAbsent(
        namespace + "/" + workload,
        k -> {
          List<Pod> found = new ArrayList<>();
          for (Pod pod : pods) {
            if (pod.namespace.equals(namespace)
                && pod.workload.equals(workload)
                && pod.alive(window.from, window.to)) {
              found.add(pod);
            }
          }
          return List.copyOf(found);
        });
  }

  private void emitHour(Window w, int day, int hour) {
    // internet clients reach the ingress controllers (over IPv4 and IPv6)
    for (Pod ingress : alive("ingress-nginx", "controller", w)) {
      for (int c = 0; c < options.internetClientsPerPodHour(); c++) {
        // clients all over the (public) address space, so each is a row of its own
        String client =
            c % 5 == 4
                ? "2001:db8:100:"
                    + Integer.toHexString(random.nextInt(0x10000))
                    + "::"
                    + Integer.toHexString(1 + random.nextInt(0xfff0))
                : "11."
                    + random.nextInt(256)
                    + "."
                    + random.nextInt(256)
                    + "."
                    + (1 + random.nextInt(254));
        w.external(
            ingress,
            client,
            Protocol.TCP,
            443,
            Direction.INBOUND,
            TrafficClass.INTERNET,
            between(20_000, 400_000),
            between(200_000, 8 * MB),
            null);
      }
    }
    call(
        w,
        "ingress-nginx",
        "controller",
        "storefront",
        "web",
        between(1 * MB, 5 * MB),
        between(10 * MB, 80 * MB));
    call(
        w,
        "storefront",
        "web",
        "checkout",
        "api",
        between(MB / 2, 3 * MB),
        between(1 * MB, 6 * MB));
    call(
        w,
        "storefront",
        "web",
        "search",
        "query",
        between(MB / 5, 1 * MB),
        between(5 * MB, 20 * MB));
    call(
        w,
        "checkout",
        "api",
        "payments-api",
        "gateway",
        between(MB / 2, 2 * MB),
        between(MB / 2, 2 * MB));
    for (Pod api : alive("checkout", "api", w)) {
      w.external(
          api,
          "198.51.100.20",
          Protocol.TCP,
          443,
          Direction.OUTBOUND,
          TrafficClass.INTERNET,
          between(MB / 5, 1 * MB),
          between(MB / 10, MB / 2),
          api.node.ip());
    }
    call(
        w,
        "payments-api",
        "gateway",
        "payments-api",
        "postgres",
        between(5 * MB, 20 * MB),
        between(20 * MB, 80 * MB));
    replicate(
        w, "payments-api", "postgres", 5432, between(50 * MB, 200 * MB), between(1 * MB, 5 * MB));
    for (Pod gateway : alive("payments-api", "gateway", w)) {
      w.external(
          gateway,
          "192.168.10.5",
          Protocol.TCP,
          443,
          Direction.OUTBOUND,
          TrafficClass.PRIVATE,
          between(1 * MB, 5 * MB),
          between(1 * MB, 5 * MB),
          null);
    }
    call(
        w,
        "search",
        "query",
        "search",
        "opensearch",
        between(1 * MB, 4 * MB),
        between(10 * MB, 60 * MB));
    replicate(
        w, "search", "opensearch", 9300, between(100 * MB, 400 * MB), between(100 * MB, 400 * MB));
    call(
        w,
        "search-indexer",
        "indexer",
        "search",
        "opensearch",
        between(50 * MB, 150 * MB),
        between(1 * MB, 3 * MB));
    for (Pod trino : alive("analytics", "trino", w)) {
      w.external(
          trino,
          "203.0.113.80",
          Protocol.TCP,
          443,
          Direction.OUTBOUND,
          TrafficClass.INTERNET,
          between(1 * MB, 10 * MB),
          between(50 * MB, 300 * MB),
          trino.node.ip());
    }
    for (Pod export : alive("etl", "nightly-export", w)) {
      w.external(
          export,
          "203.0.113.50",
          Protocol.TCP,
          443,
          Direction.OUTBOUND,
          TrafficClass.INTERNET,
          between(40_000 * MB, 80_000 * MB),
          between(1 * MB, 10 * MB),
          export.node.ip());
      callFrom(
          w, export, "analytics", "trino", between(100 * MB, 500 * MB), between(MB / 2, 1 * MB));
    }
    for (Pod settle : alive("payments-batch", "settle", w)) {
      callFrom(
          w,
          settle,
          "payments-api",
          "postgres",
          between(2 * MB, 10 * MB),
          between(10 * MB, 40 * MB));
      w.external(
          settle,
          "198.51.100.30",
          Protocol.TCP,
          443,
          Direction.OUTBOUND,
          TrafficClass.INTERNET,
          between(MB / 2, 2 * MB),
          between(MB / 10, MB / 2),
          settle.node.ip());
    }
    // prometheus scrapes every node's hostNetwork exporter on the node address
    for (Pod prometheus : alive("monitoring", "prometheus", w)) {
      for (Pod exporter : alive("monitoring", "node-exporter", w)) {
        w.pair(
            prometheus,
            exporter,
            null,
            Protocol.TCP,
            9100,
            between(100_000, 300_000),
            between(2 * MB, 6 * MB));
      }
    }
    call(
        w,
        "logging",
        "fluent-bit",
        "logging",
        "loki",
        between(5 * MB, 30 * MB),
        between(100_000, 500_000));
    // the nodes themselves pull images and talk to the control plane over the internet
    for (Node node : nodes) {
      w.externalFromNode(
          node, "203.0.113.200", between(100_000, 1 * MB), between(10 * MB, 100 * MB));
    }
    // the origin story: from the fifth day one analytics pod streams to a mining pool in a country
    // where the company has no users
    if (day >= 4) {
      Pod miner = alive("analytics", "trino", w).get(0);
      w.external(
          miner,
          "192.0.2.66",
          Protocol.TCP,
          3333,
          Direction.OUTBOUND,
          TrafficClass.INTERNET,
          between(20 * MB, 40 * MB),
          between(1 * MB, 2 * MB),
          miner.node.ip());
    }
    for (Pod experiment : alive("sandbox", "experiment", w)) {
      // private space outside every rule: class private, priced (docs/pricing.md §4)
      w.external(
          experiment,
          "10.250.3.3",
          Protocol.TCP,
          8080,
          Direction.OUTBOUND,
          TrafficClass.PRIVATE,
          between(1 * MB, 5 * MB),
          between(1 * MB, 5 * MB),
          null);
      // a Service VIP reached without DNAT (an eBPF datapath that bypasses conntrack's NAT): the
      // backend is unknown, so is the class, and the bytes are unpriced
      w.external(
          experiment,
          services.get("search/query").vip(),
          Protocol.TCP,
          8080,
          Direction.OUTBOUND,
          TrafficClass.UNKNOWN,
          between(1 * MB, 3 * MB),
          between(1 * MB, 3 * MB),
          null);
      w.external(
          experiment,
          "2001:db8:ffff::10",
          Protocol.TCP,
          443,
          Direction.OUTBOUND,
          TrafficClass.INTERNET,
          between(MB / 2, 2 * MB),
          between(2 * MB, 8 * MB),
          null);
      w.external(
          experiment,
          "198.51.100.53",
          Protocol.UDP,
          53,
          Direction.OUTBOUND,
          TrafficClass.INTERNET,
          between(2_000, 20_000),
          between(4_000, 40_000),
          experiment.node.ip());
    }
    emitScale(w);
  }

  /**
   * Scale mode: each scale pod calls another scale pod (a row on each node) and has internet peers
   * of its own, half of them clients that connect to it, half servers it connects to through its
   * node's SNAT address: {@code podsPerNode * (internetClientsPerPodHour + 2)} rows per node and
   * hour on average.
   */
  private void emitScale(Window w) {
    for (Pod pod : scalePods) {
      Pod server = scalePods.get(random.nextInt(scalePods.size()));
      if (server != pod) {
        w.pair(
            pod, server, null, Protocol.TCP, 8080, between(100_000, 2 * MB), between(MB, 8 * MB));
      }
      for (int c = 0; c < options.internetClientsPerPodHour(); c++) {
        boolean inbound = c % 2 == 0;
        w.external(
            pod,
            publicAddress(c),
            Protocol.TCP,
            443,
            inbound ? Direction.INBOUND : Direction.OUTBOUND,
            TrafficClass.INTERNET,
            between(20_000, 400_000),
            between(200_000, 4 * MB),
            inbound ? null : pod.node.ip());
      }
    }
  }

  /** A random public address, every fifth one IPv6. */
  private String publicAddress(int c) {
    return c % 5 == 4
        ? "2001:db8:100:"
            + Integer.toHexString(random.nextInt(0x10000))
            + "::"
            + Integer.toHexString(1 + random.nextInt(0xfff0))
        : "11." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
  }

  private long between(long low, long high) {
    return low + random.nextLong(high - low + 1);
  }

  /** Every alive client pod calls the service in front of the server workload. */
  private void call(
      Window w,
      String clientNs,
      String clientWorkload,
      String serverNs,
      String serverWorkload,
      long request,
      long response) {
    for (Pod client : alive(clientNs, clientWorkload, w)) {
      callFrom(w, client, serverNs, serverWorkload, request, response);
    }
  }

  private void callFrom(
      Window w, Pod client, String serverNs, String serverWorkload, long request, long response) {
    Service service = services.get(serverNs + "/" + serverWorkload);
    List<Pod> backends = alive(serverNs, serverWorkload, w);
    Pod server = backends.get(random.nextInt(backends.size()));
    w.pair(client, server, service.vip(), Protocol.TCP, service.port(), request, response);
  }

  /** Each replica streams to the next one (ring replication across zones). */
  private void replicate(
      Window w, String namespace, String workload, int port, long request, long response) {
    List<Pod> replicas = alive(namespace, workload, w);
    for (int i = 0; i < replicas.size(); i++) {
      w.pair(
          replicas.get(i),
          replicas.get((i + 1) % replicas.size()),
          null,
          Protocol.TCP,
          port,
          request,
          response);
    }
  }

  /** One window's rows per node, keyed like the collector's rollup. */
  private final class Window {
    final Instant from;
    final Instant to;
    final Map<Node, TreeMap<String, Row>> rows =
        new TreeMap<>((a, b) -> Integer.compare(a.index(), b.index()));
    final Map<String, List<Pod>> alive = new HashMap<>();

    Window(Instant from, Instant to) {
      this.from = from;
      this.to = to;
    }

    /** A connection from client pod to server pod (optionally through a service VIP). */
    void pair(
        Pod client,
        Pod server,
        String vip,
        Protocol protocol,
        int port,
        long request,
        long response) {
      long connections = 1 + random.nextInt(40);
      TrafficClass trafficClass = classOf(client.node, server.node);
      add(
          client.node,
          client,
          server.ip,
          vip,
          null,
          protocol,
          port,
          Direction.OUTBOUND,
          request,
          response,
          connections,
          trafficClass,
          server.node.region());
      add(
          server.node,
          server,
          client.ip,
          null,
          null,
          protocol,
          port,
          Direction.INBOUND,
          response,
          request,
          connections,
          trafficClass,
          client.node.region());
    }

    void external(
        Pod local,
        String peer,
        Protocol protocol,
        int port,
        Direction direction,
        TrafficClass trafficClass,
        long sent,
        long received,
        String snat) {
      long connections = 1 + random.nextInt(20);
      add(
          local.node,
          local,
          peer,
          null,
          snat,
          protocol,
          port,
          direction,
          sent,
          received,
          connections,
          trafficClass,
          null);
    }

    void externalFromNode(Node node, String peer, long sent, long received) {
      add(
          node,
          null,
          peer,
          null,
          null,
          Protocol.TCP,
          443,
          Direction.OUTBOUND,
          sent,
          received,
          1 + random.nextInt(10),
          TrafficClass.INTERNET,
          null);
    }

    private void add(
        Node node,
        Pod owner,
        String peer,
        String vip,
        String snat,
        Protocol protocol,
        int port,
        Direction direction,
        long sent,
        long received,
        long connections,
        TrafficClass trafficClass,
        String peerRegion) {
      String localIp = owner == null ? node.ip() : owner.ip;
      String key =
          IpAddresses.canonical(localIp)
              + "|"
              + IpAddresses.canonical(peer)
              + "|"
              + protocol.wireName()
              + "|"
              + port
              + "|"
              + direction.wireName();
      Row row =
          rows.computeIfAbsent(node, n -> new TreeMap<>())
              .computeIfAbsent(
                  key,
                  k ->
                      new Row(
                          owner,
                          localIp,
                          peer,
                          vip,
                          snat,
                          protocol,
                          port,
                          direction,
                          trafficClass,
                          peerRegion));
      row.sent += sent;
      row.received += received;
      row.sentPackets += Math.max(1, sent / 1448) + 2 * connections;
      row.receivedPackets += Math.max(1, received / 1448) + 2 * connections;
      row.connections += connections;
    }
  }

  private static TrafficClass classOf(Node a, Node b) {
    if (!a.region().equals(b.region())) {
      return TrafficClass.CROSS_REGION;
    }
    return a.zone().equals(b.zone()) ? TrafficClass.SAME_ZONE : TrafficClass.CROSS_ZONE;
  }

  /** One aggregated flow row, with the owner and class the generator knows it has. */
  private static final class Row {
    final Pod owner; // null: the node itself
    final String localIp;
    final String peer;
    final String vip;
    final String snat;
    final Protocol protocol;
    final int port;
    final Direction direction;
    final TrafficClass trafficClass;
    final String peerRegion;
    long sent;
    long received;
    long sentPackets;
    long receivedPackets;
    long connections;

    Row(
        Pod owner,
        String localIp,
        String peer,
        String vip,
        String snat,
        Protocol protocol,
        int port,
        Direction direction,
        TrafficClass trafficClass,
        String peerRegion) {
      this.owner = owner;
      this.localIp = localIp;
      this.peer = peer;
      this.vip = vip;
      this.snat = snat;
      this.protocol = protocol;
      this.port = port;
      this.direction = direction;
      this.trafficClass = trafficClass;
      this.peerRegion = peerRegion;
    }

    FlowRecord record(String cluster, Node node, Instant from, Instant to) {
      return new FlowRecord(
          cluster,
          node.name(),
          from,
          to,
          localIp,
          peer,
          Optional.ofNullable(vip),
          Optional.ofNullable(snat),
          protocol,
          port,
          direction,
          sent,
          received,
          sentPackets,
          receivedPackets,
          connections);
    }
  }

  private void account(
      GroundTruth truth,
      LocalDate date,
      Node node,
      Row row,
      Map<String, TreeMap<String, Long>> dayInternet) {
    String team;
    String namespace;
    String workloadKind;
    String workload;
    if (row.owner == null) {
      team = Sentinels.UNASSIGNED_TEAM;
      namespace = Sentinels.NODE_NAMESPACE;
      workloadKind = "Node";
      workload = node.name();
    } else {
      team = teams.get(row.owner.namespace);
      namespace = row.owner.namespace;
      workloadKind = row.owner.workloadKind;
      workload = row.owner.workload;
    }
    String region = node.region();
    BigDecimal cost = null;
    if (row.trafficClass == TrafficClass.INTERNET) {
      // ingress per row; egress on the month's ladder per region and day (allocateInternet)
      Optional<TierSchedule> ladder = ladder(region, date);
      Optional<PriceQuote> ingress =
          quote(region, TrafficClass.INTERNET, TransferDirection.INGRESS, null, date);
      if (ladder.isPresent() && ingress.isPresent()) {
        cost = perGib(row.received, ingress.get().ratePerGib());
        String key = String.join("|", options.cluster(), team, namespace, workloadKind, workload);
        dayInternet.computeIfAbsent(region, r -> new TreeMap<>()).merge(key, row.sent, Long::sum);
      }
    } else {
      Optional<PriceQuote> egress =
          quote(region, row.trafficClass, TransferDirection.EGRESS, row.peerRegion, date);
      Optional<PriceQuote> ingress =
          quote(region, row.trafficClass, TransferDirection.INGRESS, row.peerRegion, date);
      if (egress.isPresent() && ingress.isPresent()) {
        if (row.peerRegion == null) {
          // a peer outside the cluster: the local side bears its own charges
          cost =
              perGib(row.sent, egress.get().ratePerGib())
                  .add(perGib(row.received, ingress.get().ratePerGib()));
        } else {
          // both ends are ours; sender pays: this row bears the transfer of what it sent (its
          // egress and the receiver's ingress charge) and nothing for what it received
          Optional<PriceQuote> peerIngress =
              quote(row.peerRegion, row.trafficClass, TransferDirection.INGRESS, region, date);
          Optional<PriceQuote> peerEgress =
              quote(row.peerRegion, row.trafficClass, TransferDirection.EGRESS, region, date);
          if (peerIngress.isPresent() && peerEgress.isPresent()) {
            cost = perGib(row.sent, egress.get().ratePerGib().add(peerIngress.get().ratePerGib()));
          }
        }
      }
    }
    truth.add(
        date,
        options.cluster(),
        team,
        namespace,
        workloadKind,
        workload,
        row.trafficClass,
        row.sent,
        row.received,
        cost);
  }

  /**
   * The day's internet egress money per region (the billing scope): the ladder's cost of the
   * month-to-date volume after the day minus before it, each rounded to 10^-9, split over the day's
   * groups in proportion to their bytes in units of 10^-9, the units left over going to the largest
   * remainders (equal remainders: the smaller key first). Written out here, not contract {@code
   * Money.apportion}: the oracle shares no arithmetic with the job.
   */
  private void allocateInternet(
      GroundTruth truth,
      LocalDate date,
      Map<String, TreeMap<String, Long>> dayInternet,
      Map<String, Long> monthBytes) {
    for (Map.Entry<String, TreeMap<String, Long>> scope : dayInternet.entrySet()) {
      String region = scope.getKey();
      TierSchedule ladder = ladder(region, date).orElseThrow();
      long before = monthBytes.getOrDefault(region, 0L);
      long day = 0;
      for (long bytes : scope.getValue().values()) {
        day += bytes;
      }
      BigInteger units =
          ladderCost(ladder, before + day)
              .subtract(ladderCost(ladder, before))
              .setScale(9)
              .unscaledValue();
      List<String> keys = new ArrayList<>(scope.getValue().keySet());
      BigInteger[] shares = new BigInteger[keys.size()];
      BigInteger[] remainders = new BigInteger[keys.size()];
      BigInteger given = BigInteger.ZERO;
      for (int i = 0; i < keys.size(); i++) {
        BigInteger[] qr =
            units
                .multiply(BigInteger.valueOf(scope.getValue().get(keys.get(i))))
                .divideAndRemainder(BigInteger.valueOf(Math.max(1, day)));
        shares[i] = qr[0];
        remainders[i] = qr[1];
        given = given.add(qr[0]);
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        order.add(i);
      }
      order.sort(
          (a, b) ->
              remainders[b].compareTo(remainders[a]) != 0
                  ? remainders[b].compareTo(remainders[a])
                  : Integer.compare(a, b));
      int leftover = day == 0 ? 0 : units.subtract(given).intValueExact();
      for (int i = 0; i < leftover; i++) {
        shares[order.get(i)] = shares[order.get(i)].add(BigInteger.ONE);
      }
      for (int i = 0; i < keys.size(); i++) {
        String[] group = keys.get(i).split("\\|", -1);
        truth.add(
            date,
            group[0],
            group[1],
            group[2],
            group[3],
            group[4],
            TrafficClass.INTERNET,
            0,
            0,
            new BigDecimal(shares[i], 9));
      }
      truth.addInternetEgress(date, region, day);
      monthBytes.merge(region, day, Long::sum);
    }
  }

  /** A ladder's cost of a month-to-date volume, rounded half-even to 10^-9. */
  private static BigDecimal ladderCost(TierSchedule ladder, long bytes) {
    BigDecimal gib = new BigDecimal(bytes).divide(BYTES_PER_GIB);
    BigDecimal total = BigDecimal.ZERO;
    List<Tier> tiers = ladder.tiers();
    for (int i = 0; i < tiers.size(); i++) {
      BigDecimal from = tiers.get(i).startGib();
      BigDecimal to = i + 1 < tiers.size() ? tiers.get(i + 1).startGib() : null;
      BigDecimal in = (to == null || gib.compareTo(to) < 0 ? gib : to).subtract(from);
      if (in.signum() > 0) {
        total = total.add(in.multiply(tiers.get(i).ratePerGib()));
      }
    }
    return total.setScale(9, RoundingMode.HALF_EVEN);
  }

  private final Map<String, Optional<TierSchedule>> ladders = new HashMap<>();
  private final Map<String, Optional<PriceQuote>> quotes = new HashMap<>();

  private Optional<TierSchedule> ladder(String region, LocalDate date) {
    return ladders.computeIfAbsent(region + "|" + date, k -> lookUpLadder(region, date));
  }

  private Optional<PriceQuote> quote(
      String region,
      TrafficClass trafficClass,
      TransferDirection direction,
      String peerRegion,
      LocalDate date) {
    String key = region + "|" + trafficClass + "|" + direction + "|" + peerRegion + "|" + date;
    return quotes.computeIfAbsent(
        key, k -> lookUpQuote(region, trafficClass, direction, peerRegion, date));
  }

  private Optional<TierSchedule> lookUpLadder(String region, LocalDate date) {
    return prices.tiers(
        new PriceQuery(
            PROVIDER,
            region,
            TrafficClass.INTERNET,
            TransferDirection.EGRESS,
            Optional.empty(),
            date));
  }

  private Optional<PriceQuote> lookUpQuote(
      String region,
      TrafficClass trafficClass,
      TransferDirection direction,
      String peerRegion,
      LocalDate date) {
    return prices.quote(
        new PriceQuery(
            PROVIDER, region, trafficClass, direction, Optional.ofNullable(peerRegion), date));
  }

  private static BigDecimal perGib(long bytes, BigDecimal rate) {
    return BigDecimal.valueOf(bytes)
        .multiply(rate)
        .divide(BYTES_PER_GIB, 9, RoundingMode.HALF_EVEN);
  }

  // ---------------------------------------------------------------- metadata

  private List<OwnershipInterval> intervals(Instant from, Instant to) {
    List<OwnershipInterval> out = new ArrayList<>();
    for (Node node : nodes) {
      out.add(
          new OwnershipInterval(
              options.cluster(),
              node.ip(),
              OwnerKind.NODE,
              "node-" + node.instanceId(),
              Optional.empty(),
              Optional.empty(),
              "Node",
              node.name(),
              Sentinels.UNASSIGNED_TEAM,
              LabelsJson.of(
                  Map.of(
                      "node.kubernetes.io/instance-type",
                      "m6i.2xlarge",
                      "topology.kubernetes.io/zone",
                      node.zone())),
              Optional.of(node.name()),
              Optional.of(node.zone()),
              Optional.of(node.region()),
              Optional.of(node.instanceId()),
              Optional.empty(),
              clusterStart,
              Optional.empty()));
    }
    for (Pod pod : pods) {
      if (!pod.alive(from, to)) {
        continue;
      }
      // the snapshot is written at the end of its hour: an end after that is not known yet
      Optional<Instant> end =
          pod.end == null || pod.end.isAfter(to) ? Optional.empty() : Optional.of(pod.end);
      out.add(
          new OwnershipInterval(
              options.cluster(),
              pod.ip,
              pod.hostNetwork ? OwnerKind.HOST_POD : OwnerKind.POD,
              pod.uid,
              Optional.of(pod.namespace),
              Optional.of(pod.name),
              pod.workloadKind,
              pod.workload,
              teams.get(pod.namespace),
              LabelsJson.of(Map.of("app.kubernetes.io/name", pod.workload)),
              Optional.of(pod.node.name()),
              Optional.of(pod.node.zone()),
              Optional.of(pod.node.region()),
              Optional.of(pod.node.instanceId()),
              Optional.ofNullable(pod.listenPorts),
              pod.start,
              end));
    }
    for (Service service : services.values()) {
      out.add(
          new OwnershipInterval(
              options.cluster(),
              service.vip(),
              OwnerKind.SERVICE,
              service.uid(),
              Optional.of(service.namespace()),
              Optional.empty(),
              "Service",
              service.name(),
              teams.get(service.namespace()),
              LabelsJson.of(Map.of()),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              clusterStart,
              Optional.empty()));
    }
    return out;
  }
}
