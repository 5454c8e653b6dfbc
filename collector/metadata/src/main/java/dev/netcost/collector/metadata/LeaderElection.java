package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per cluster: replicas of the snapshotter compete for a {@code coordination.k8s.io/v1}
 * Lease; only the holder watches and writes. The holder renews the lease every {@code retryPeriod};
 * if it cannot renew within {@code renewDeadline} it stops leading (and stops writing), and another
 * replica takes over once {@code leaseDuration} has passed since the last renewal.
 */
final class LeaderElection {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  /** Lease timings: duration, renew deadline, retry period (client-go's defaults are 15/10/2 s). */
  record Timings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    static final Timings DEFAULT =
        new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

    Timings {
      requireNonNull(leaseDuration, "leaseDuration is null");
      requireNonNull(renewDeadline, "renewDeadline is null");
      requireNonNull(retryPeriod, "retryPeriod is null");
      if (renewDeadline.compareTo(leaseDuration) >= 0) {
        throw new IllegalArgumentException(
            "renewDeadline "
                + renewDeadline
                + " must be shorter than leaseDuration "
                + leaseDuration);
      }
    }
  }

  private LeaderElection() {}

  /**
   * Competes for the lease {@code namespace/leaseName} as {@code identity}; runs {@code onStart}
   * when this replica becomes the leader and {@code onStop} when it stops being the leader. The
   * returned future completes when this replica leaves the election (leadership lost, or the future
   * was cancelled, which releases a held lease).
   */
  static CompletableFuture<?> run(
      KubernetesClient client,
      String namespace,
      String leaseName,
      String identity,
      Timings timings,
      Runnable onStart,
      Runnable onStop) {
    var config =
        new LeaderElectionConfigBuilder()
            .withName(leaseName)
            .withLock(new LeaseLock(namespace, leaseName, identity))
            .withLeaseDuration(timings.leaseDuration())
            .withRenewDeadline(timings.renewDeadline())
            .withRetryPeriod(timings.retryPeriod())
            .withReleaseOnCancel(true)
            .withLeaderCallbacks(
                new LeaderCallbacks(
                    onStart,
                    onStop,
                    leader ->
                        LOG.info(
                            "Metadata writer of lease {}/{} is {}", namespace, leaseName, leader)))
            .build();
    return client.leaderElector().withConfig(config).build().start();
  }
}
