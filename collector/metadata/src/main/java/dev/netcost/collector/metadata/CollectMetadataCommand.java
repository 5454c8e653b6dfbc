package dev.netcost.collector.metadata;

import dev.netcost.collector.common.StoreSnapshotSink;
import dev.netcost.contract.Checks;
import dev.netcost.contract.ObjectKeys;
import dev.netcost.store.ObjectEntry;
import dev.netcost.store.ObjectStore;
import dev.netcost.store.ObjectStores;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netcost collect metadata}: the cluster metadata snapshotter. Runs until terminated
 * (SIGTERM writes the current hour's partial snapshot; the JVM then exits 143, as for any SIGTERM
 * with shutdown hooks). With {@code --leader-election}, replicas compete for a Lease and only the
 * leader writes; a leader that loses its lease exits with status 2 so that Kubernetes restarts it
 * as a candidate.
 */
@Command(
    name = "metadata",
    mixinStandardHelpOptions = true,
    versionProvider = dev.netcost.contract.cli.CommandLines.Version.class,
    description = {
      "Snapshot who owns each IP address, from the Kubernetes API.",
      "Watches pods, hostNetwork pods, nodes, services and load balancers; writes hourly"
          + " snapshots of IP ownership intervals to the store."
    })
public final class CollectMetadataCommand
    implements Callable<Integer>, dev.netcost.collector.common.CollectorSubcommand {
  private static final Logger LOG = LoggerFactory.getLogger(CollectMetadataCommand.class);

  /** Exit status of a bad argument or configuration file (netcost's "bad input"). */
  static final int USAGE_ERROR = 1;

  /**
   * Exit status after losing the lease (an external system took it): the process is restarted as a
   * candidate.
   */
  static final int LEADERSHIP_LOST = 2;

  @Option(
      names = "--cluster",
      required = true,
      description = "Cluster name, a DNS-1123 name (it is part of every snapshot key).")
  String cluster;

  @Option(
      names = "--store",
      required = true,
      description = "Where snapshots go: a local path, file:///…, s3://, gs://, abfss:// or az://.")
  String store;

  @Option(
      names = "--team-namespace-label",
      defaultValue = "team",
      description =
          "Namespace label naming the team (default: ${DEFAULT-VALUE}); empty to disable.")
  String teamNamespaceLabel;

  @Option(
      names = "--team-pod-label",
      description = "Pod (and service) label naming the team; wins over the namespace label.")
  String teamPodLabel;

  @Option(
      names = "--team-mapping",
      description = "File of namespace=team lines, used when no label names the team.")
  Path teamMapping;

  @Option(
      names = "--leader-election",
      description =
          "Compete for a coordination Lease; only the leader writes (use with replicas > 1).")
  boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:POD_NAMESPACE:-netcost}",
      description = "Namespace of the Lease (default: $POD_NAMESPACE, else netcost).")
  String leaseNamespace;

  @Option(
      names = "--lease-name",
      description = "Name of the Lease (default: netcost-metadata-<cluster>).")
  String leaseName;

  @Option(
      names = "--identity",
      defaultValue = "${env:HOSTNAME}",
      description = "This replica's name in the Lease (default: $HOSTNAME, the pod name).")
  String identity;

  @Option(
      names = "--sync-timeout",
      defaultValue = "PT5M",
      description =
          "How long the initial list of each resource may take (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration syncTimeout;

  @Override
  public Integer call() throws Exception {
    TeamResolver teams;
    try {
      Checks.checkName(cluster, "cluster");
      teams = teams();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return USAGE_ERROR;
    }
    if (leaderElection && (identity == null || identity.isBlank())) {
      System.err.println("--leader-election needs --identity (or $HOSTNAME)");
      return USAGE_ERROR;
    }
    Clock clock = Clock.systemUTC();
    try (ObjectStore objects = ObjectStores.open(store);
        KubernetesClient client = new KubernetesClientBuilder().build()) {
      MetadataCollector collector =
          new MetadataCollector(
              client,
              cluster,
              clock,
              teams,
              new StoreSnapshotSink(objects),
              "netcost-collector-metadata",
              syncTimeout);
      CountDownLatch done = new CountDownLatch(1);
      AtomicBoolean lost = new AtomicBoolean();
      AtomicBoolean leading = new AtomicBoolean(!leaderElection);
      AtomicReference<CompletableFuture<?>> election = new AtomicReference<>();
      Thread hook =
          new Thread(
              () -> {
                // a clean shutdown: write what this writer holds, then release the lease
                if (leading.getAndSet(false)) {
                  collector.stop(true);
                }
                Optional.ofNullable(election.get()).ifPresent(future -> future.cancel(true));
                done.countDown();
              },
              "netcost-metadata-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      Runnable startWriting =
          () -> {
            try {
              collector.start(existingSnapshots(objects, cluster, clock.instant()));
              leading.set(true);
            } catch (IOException | RuntimeException e) {
              LOG.error("Cannot start the metadata snapshotter: {}", e.getMessage(), e);
              lost.set(true);
              done.countDown();
            }
          };
      if (leaderElection) {
        String lease = leaseName != null ? leaseName : "netcost-metadata-" + cluster;
        election.set(
            LeaderElection.run(
                client,
                leaseNamespace,
                lease,
                identity,
                LeaderElection.Timings.DEFAULT,
                startWriting,
                () -> {
                  if (leading.getAndSet(false)) {
                    collector.stop(false);
                    lost.set(true);
                    done.countDown();
                  }
                }));
      } else {
        startWriting.run();
      }
      done.await();
      return lost.get() ? LEADERSHIP_LOST : 0;
    }
  }

  private TeamResolver teams() {
    Map<String, String> mapping = Map.of();
    if (teamMapping != null) {
      try {
        mapping = TeamResolver.readMapping(teamMapping);
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read team mapping " + teamMapping + ": " + e, e);
      }
    }
    return new TeamResolver(
        Optional.ofNullable(teamPodLabel).filter(label -> !label.isBlank()),
        Optional.ofNullable(teamNamespaceLabel).filter(label -> !label.isBlank()),
        mapping);
  }

  /** How many snapshots of the current hour earlier writers left in the store. */
  static int existingSnapshots(ObjectStore objects, String cluster, Instant now)
      throws IOException {
    Instant hour = HourlySnapshots.hourOf(now);
    String first = ObjectKeys.metadataSnapshot(cluster, hour, 0);
    String prefix = first.substring(0, first.lastIndexOf('/') + 1);
    int highest = -1;
    for (ObjectEntry entry : objects.list(prefix)) {
      var key = ObjectKeys.parseMetadataKey(entry.key());
      if (key.isPresent() && key.get().start().equals(hour)) {
        highest = Math.max(highest, key.get().sequence());
      }
    }
    return highest + 1;
  }
}
