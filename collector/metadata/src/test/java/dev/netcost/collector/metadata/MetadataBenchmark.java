package dev.netcost.collector.metadata;

import dev.netcost.collector.common.SnapshotSink;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Memory and CPU of the metadata snapshotter for a cluster of 10,000 pods on 1,000 nodes with 5 %
 * of the pods replaced in one hour, against fabric8's mock API server in CRUD mode. Not a test: run
 * by bench/collector-metadata.sh. Each figure is compared, in the same run, with a reference: bare
 * fabric8 informers on the same six resources with handlers that do nothing (the cost any
 * informer-based tool pays), so the difference is what the snapshotter itself adds.
 */
public final class MetadataBenchmark {
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private MetadataBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("measure")) {
      measure(args);
      return;
    }
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int pods = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    double churn = args.length > 2 ? Double.parseDouble(args[2]) : 0.05;
    MOCK_LOG.setLevel(Level.WARNING);
    Logger.getLogger("").setLevel(Level.WARNING);

    Process serverProcess =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx2g",
                "-cp",
                System.getProperty("java.class.path"),
                MockApiServer.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String first =
        new java.io.BufferedReader(new java.io.InputStreamReader(serverProcess.getInputStream()))
            .readLine();
    if (first == null || !first.startsWith("PORT ")) {
      serverProcess.destroy();
      throw new IllegalStateException("mock API server did not start: " + first);
    }
    Api server = new Api(Integer.parseInt(first.substring("PORT ".length())));
    try (KubernetesClient loader = server.createClient()) {
      long start = System.nanoTime();
      Cluster cluster = Cluster.populate(loader, nodes, pods);
      System.out.printf(
          "populated: %d namespaces, %d nodes, %d ReplicaSets, %d pods, %d services in %.1f s%n",
          Cluster.NAMESPACES,
          nodes,
          cluster.replicaSets,
          pods,
          cluster.services,
          (System.nanoTime() - start) / 1e9);
    }
    try {
      int replaced = (int) Math.round(pods * churn);
      // each measurement in a fresh JVM (nothing left over from the one before), alternating
      List<String[]> references = new ArrayList<>();
      List<String[]> snapshotters = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        references.add(child("reference", server.port(), nodes, replaced, round));
        snapshotters.add(child("snapshotter", server.port(), nodes, replaced, round));
      }
      System.out.println();
      System.out.printf(
          "| measure (fresh JVM each; run 1 / run 2) | reference (bare informers) | snapshotter |%n");
      System.out.printf("|---|---:|---:|%n");
      String[] names = {
        "heap retained after the initial lists are handled (MiB)",
        "process CPU, initial list until every event is handled (s)",
        "process CPU, one hour of churn: " + replaced + " pods replaced, addresses reused (s)"
      };
      for (int m = 0; m < names.length; m++) {
        System.out.printf(
            "| %s | %s / %s | %s / %s |%n",
            names[m],
            references.get(0)[m],
            references.get(1)[m],
            snapshotters.get(0)[m],
            snapshotters.get(1)[m]);
      }
      String[] last = snapshotters.get(1);
      System.out.println();
      System.out.printf("open intervals after the initial lists: %s%n", last[3]);
      System.out.printf(
          "heap retained after the hour's churn, before the snapshot prunes (MiB): %s%n", last[4]);
      System.out.printf(
          "hourly snapshot: %s rows, %s bytes, %s s CPU to build and encode (main thread)%n",
          last[5], last[6], last[7]);
    } finally {
      serverProcess.getOutputStream().close();
      serverProcess.destroy();
      serverProcess.waitFor();
    }
  }

  private static String[] child(String mode, int port, int nodes, int replaced, int round)
      throws Exception {
    Process process =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx2g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                MetadataBenchmark.class.getName(),
                "measure",
                mode,
                Integer.toString(port),
                Integer.toString(nodes),
                Integer.toString(replaced),
                Integer.toString(round))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String result = null;
    try (var reader =
        new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("RESULT ")) {
          result = line.substring("RESULT ".length());
        }
      }
    }
    if (process.waitFor() != 0 || result == null) {
      throw new IllegalStateException("benchmark run " + mode + " failed");
    }
    System.out.printf("%s run %d: %s%n", mode, round + 1, result);
    return result.split(" ");
  }

  /** One measurement, in this JVM: {@code measure MODE PORT NODES REPLACED ROUND}. */
  private static void measure(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    String mode = args[1];
    Api server = new Api(Integer.parseInt(args[2]));
    int nodes = Integer.parseInt(args[3]);
    int replaced = Integer.parseInt(args[4]);
    int round = Integer.parseInt(args[5]);
    try (KubernetesClient loader = server.createClient()) {
      Cluster cluster = Cluster.attach(loader, nodes);
      String result;
      if (mode.equals("reference")) {
        Measurement m = measureReference(server, loader, cluster, replaced);
        result =
            String.format(
                "%s %s %s",
                mib(m.heapBytes()), seconds(m.syncCpuNanos()), seconds(m.churnCpuNanos()));
      } else {
        MutableClock clock =
            new MutableClock(
                Instant.parse("2030-03-02T10:00:00Z").plus(Duration.ofHours(2L * round)));
        Measurement m = measureSnapshotter(server, loader, cluster, replaced, clock);
        Snapshot snapshot = lastSnapshot;
        result =
            String.format(
                "%s %s %s %d %s %d %d %.3f",
                mib(m.heapBytes()),
                seconds(m.syncCpuNanos()),
                seconds(m.churnCpuNanos()),
                snapshot.openAfterSync(),
                mib(snapshot.heapWithChurnBytes()),
                snapshot.rows(),
                snapshot.bytes(),
                snapshot.writeCpuNanos() / 1e9);
      }
      System.out.println("RESULT " + result);
    }
    System.exit(0);
  }

  record Measurement(long heapBytes, long syncCpuNanos, long churnCpuNanos) {
    @Override
    public String toString() {
      return String.format(
          "heap %.1f MiB, sync %.2f s, churn %.2f s",
          heapBytes / 1048576.0, syncCpuNanos / 1e9, churnCpuNanos / 1e9);
    }
  }

  record Snapshot(
      int openAfterSync, long heapWithChurnBytes, int rows, long bytes, long writeCpuNanos) {}

  private static Snapshot lastSnapshot;

  private static Measurement measureReference(
      Api server, KubernetesClient loader, Cluster cluster, int replaced) throws Exception {
    long heapBefore = heapAfterGc();
    long cpu = processCpu();
    Reference reference = new Reference(server.createClient());
    reference.start();
    long objects = cluster.objects();
    await(() -> reference.events.get() >= objects);
    settle(reference.events::get);
    long syncCpu = processCpu() - cpu;
    long heap = heapAfterGc() - heapBefore;
    long target = reference.events.get() + replaced * 2L;
    cpu = processCpu();
    cluster.churn(loader, replaced, 0);
    await(() -> reference.events.get() >= target);
    settle(reference.events::get);
    long churnCpu = processCpu() - cpu;
    reference.close();
    return new Measurement(heap, syncCpu, churnCpu);
  }

  private static Measurement measureSnapshotter(
      Api server, KubernetesClient loader, Cluster cluster, int replaced, MutableClock clock)
      throws Exception {
    Instant hour = clock.instant();
    long heapBefore = heapAfterGc();
    CountingSink sink = new CountingSink();
    long cpu = processCpu();
    MetadataCollector collector =
        new MetadataCollector(
            server.createClient(),
            "bench",
            clock,
            TeamResolver.defaults(),
            sink,
            "bench",
            Duration.ofMinutes(5));
    collector.start(0);
    ClusterModel model = collector.model();
    // start() returns once the lists are in; their events are still being handled
    await(() -> model.podCount() >= cluster.livePods.size());
    settle(model::events);
    long syncCpu = processCpu() - cpu;
    long heap = heapAfterGc() - heapBefore;
    int openAfterSync = model.openIntervals();
    long before = model.events();
    cpu = processCpu();
    // the replacements spread over the hour, as the churn of one hour
    cluster.churn(loader, replaced, 0, clock);
    await(() -> model.events() >= before + replaced * 2L);
    settle(model::events);
    long churnCpu = processCpu() - cpu;
    long heapWithChurn = heapAfterGc() - heapBefore;
    clock.set(hour.plusSeconds(3601));
    int rows = model.snapshot(hour).size();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long writeCpu = threads.getCurrentThreadCpuTime();
    collector.writeDue();
    writeCpu = threads.getCurrentThreadCpuTime() - writeCpu;
    collector.close();
    lastSnapshot = new Snapshot(openAfterSync, heapWithChurn, rows, sink.bytes, writeCpu);
    return new Measurement(heap, syncCpu, churnCpu);
  }

  private static void row(String what, String reference, String ours) {
    double difference = Double.parseDouble(ours) - Double.parseDouble(reference);
    System.out.printf("| %s | %s | %s | %+.2f |%n", what, reference, ours, difference);
  }

  private static String mib(long bytes) {
    return String.format("%.1f", bytes / 1048576.0);
  }

  private static String seconds(long nanos) {
    return String.format("%.2f", nanos / 1e9);
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("benchmark: events not delivered within 10 minutes");
      }
      Thread.sleep(20);
    }
  }

  /** Waits until no event arrived for half a second. */
  private static void settle(java.util.function.LongSupplier events) throws InterruptedException {
    long last = -1;
    while (events.getAsLong() != last) {
      last = events.getAsLong();
      Thread.sleep(500);
    }
  }

  /** The mock API server's address; each client is a fresh connection pool, as a new process's. */
  private record Api(int port) {
    KubernetesClient createClient() {
      return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
          .withConfig(
              new io.fabric8.kubernetes.client.ConfigBuilder()
                  .withMasterUrl("http://127.0.0.1:" + port)
                  .withNamespace("default")
                  .withRequestTimeout(120_000)
                  .build())
          .build();
    }
  }

  /** Counts what the snapshotter hands to the store, without a store. */
  private static final class CountingSink implements SnapshotSink {
    long bytes;

    @Override
    public void publish(String key, byte[] snapshot) {
      bytes += snapshot.length;
    }
  }

  /** The same six informers with handlers that only count. */
  private static final class Reference implements AutoCloseable {
    final KubernetesClient client;
    final AtomicLong events = new AtomicLong();
    final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    Reference(KubernetesClient client) {
      this.client = client;
    }

    void start() throws Exception {
      informers.add(client.namespaces().inform(counter()));
      informers.add(client.nodes().inform(counter()));
      informers.add(client.apps().replicaSets().inAnyNamespace().inform(counter()));
      informers.add(client.batch().v1().jobs().inAnyNamespace().inform(counter()));
      informers.add(client.pods().inAnyNamespace().inform(counter()));
      informers.add(client.services().inAnyNamespace().inform(counter()));
      for (SharedIndexInformer<?> informer : informers) {
        informer.start().toCompletableFuture().get();
      }
    }

    private <T extends HasMetadata> ResourceEventHandler<T> counter() {
      return new ResourceEventHandler<>() {
        @Override
        public void onAdd(T object) {
          events.incrementAndGet();
        }

        @Override
        public void onUpdate(T previous, T object) {
          events.incrementAndGet();
        }

        @Override
        public void onDelete(T object, boolean unknown) {
          events.incrementAndGet();
        }
      };
    }

    @Override
    public void close() {
      informers.forEach(SharedIndexInformer::stop);
      client.close();
    }
  }

  /** The synthetic cluster: names, addresses and owners, and the churn applied to it. */
  private static final class Cluster {
    static final int NAMESPACES = 20;
    static final String[] ZONES = {"us-east-1a", "us-east-1b", "us-east-1c"};
    final int nodes;
    final List<String> livePods = new ArrayList<>();
    final Map<String, String> ipOfPod = new HashMap<>();
    final List<String> rsNames = new ArrayList<>();
    final List<String> rsUids = new ArrayList<>();
    int replicaSets;
    int services;
    int next;

    long objects() {
      return NAMESPACES + nodes + replicaSets + services + livePods.size();
    }

    Cluster(int nodes) {
      this.nodes = nodes;
    }

    /** The cluster as a previous run left it in the server: pods oldest first, by their number. */
    static Cluster attach(KubernetesClient client, int nodes) {
      Cluster cluster = new Cluster(nodes);
      List<io.fabric8.kubernetes.api.model.apps.ReplicaSet> sets =
          new ArrayList<>(client.apps().replicaSets().inAnyNamespace().list().getItems());
      sets.sort(
          java.util.Comparator.comparingInt(
              rs -> Integer.parseInt(rs.getMetadata().getName().split("-")[1])));
      for (var rs : sets) {
        cluster.rsNames.add(rs.getMetadata().getName());
        cluster.rsUids.add(rs.getMetadata().getUid());
      }
      cluster.replicaSets = sets.size();
      cluster.services = client.services().inAnyNamespace().list().getItems().size();
      List<Pod> pods = new ArrayList<>(client.pods().inAnyNamespace().list().getItems());
      pods.sort(java.util.Comparator.comparingInt(Cluster::number));
      for (Pod pod : pods) {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        cluster.livePods.add(key);
        cluster.ipOfPod.put(key, pod.getStatus().getPodIP());
        cluster.next = Math.max(cluster.next, number(pod) + 1);
      }
      return cluster;
    }

    private static int number(Pod pod) {
      String name = pod.getMetadata().getName();
      return Integer.parseInt(name.substring(name.lastIndexOf("-p") + 2));
    }

    static Cluster populate(KubernetesClient client, int nodes, int pods) {
      Cluster cluster = new Cluster(nodes);
      for (int n = 0; n < NAMESPACES; n++) {
        client
            .namespaces()
            .resource(Objects.namespace("ns-" + n, Map.of("team", "team-" + (n % 7))))
            .create();
      }
      for (int i = 0; i < nodes; i++) {
        client
            .nodes()
            .resource(
                Objects.node(
                    "node-" + i,
                    Map.of(
                        "topology.kubernetes.io/zone", ZONES[i % 3],
                        "topology.kubernetes.io/region", "us-east-1",
                        "node.kubernetes.io/instance-type", "m5.2xlarge"),
                    "aws:///" + ZONES[i % 3] + "/i-" + String.format("%017x", i),
                    "10.0." + (i / 250) + "." + (i % 250 + 1),
                    null))
            .create();
      }
      // 100 pods per Deployment
      cluster.replicaSets = Math.max(1, pods / 100);
      for (int r = 0; r < cluster.replicaSets; r++) {
        String name = "app-" + r + "-5d8f7c9b4";
        String uid =
            client
                .apps()
                .replicaSets()
                .resource(Objects.replicaSet("ns-" + (r % NAMESPACES), name, "app-" + r))
                .create()
                .getMetadata()
                .getUid();
        cluster.rsNames.add(name);
        cluster.rsUids.add(uid);
      }
      for (int s = 0; s < cluster.replicaSets * 2; s++) {
        client
            .services()
            .resource(
                Objects.service(
                    "ns-" + (s % NAMESPACES),
                    "svc-" + s,
                    List.of("172.20." + (s / 250) + "." + (s % 250 + 1)),
                    List.of()))
            .create();
        cluster.services++;
      }
      for (int p = 0; p < pods; p++) {
        cluster.createPod(client, ip(p), null);
      }
      return cluster;
    }

    static String ip(int index) {
      return "10.64." + (index / 250) + "." + (index % 250 + 1);
    }

    void createPod(KubernetesClient client, String ip, MutableClock clock) {
      int p = next++;
      int r = p % replicaSets;
      String name = rsNames.get(r) + "-p" + p;
      String namespace = "ns-" + (r % NAMESPACES);
      String ready = clock == null ? "2030-03-02T09:00:00Z" : clock.instant().toString();
      Pod pod =
          new PodBuilder(
                  Objects.ownedBy(
                      Objects.pod(namespace, name, "node-" + (p % nodes), ready, ip),
                      "ReplicaSet",
                      rsNames.get(r),
                      rsUids.get(r)))
              .editMetadata()
              .withLabels(Map.of("app", "app-" + r, "pod-template-hash", "5d8f7c9b4"))
              .endMetadata()
              .build();
      client.pods().resource(pod).create();
      livePods.add(namespace + "/" + name);
      ipOfPod.put(namespace + "/" + name, ip);
    }

    void churn(KubernetesClient client, int replaced, int ignored) {
      churn(client, replaced, ignored, null);
    }

    /** Deletes the oldest {@code replaced} pods and gives each one's address to a new pod. */
    void churn(KubernetesClient client, int replaced, int ignored, MutableClock clock) {
      long step = 3600 / Math.max(1, replaced);
      for (int i = 0; i < replaced; i++) {
        String victim = livePods.remove(0);
        String ip = ipOfPod.remove(victim);
        if (clock != null) {
          clock.set(clock.instant().plusSeconds(step / 2));
        }
        String[] parts = victim.split("/");
        client.pods().inNamespace(parts[0]).withName(parts[1]).delete();
        if (clock != null) {
          clock.set(clock.instant().plusSeconds(step - step / 2));
        }
        createPod(client, ip, clock);
      }
    }
  }
}
