package dev.netcost.collector.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {
  KubernetesClient client;

  @Test
  void oneWriterAtATimeAndHandoverOnRelease() {
    var timings =
        new LeaderElection.Timings(
            Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(200));
    AtomicInteger aLeads = new AtomicInteger();
    AtomicInteger bLeads = new AtomicInteger();
    AtomicInteger aStopped = new AtomicInteger();
    CompletableFuture<?> a =
        LeaderElection.run(
            client,
            "netcost",
            "netcost-metadata-prod-1",
            "replica-a",
            timings,
            aLeads::incrementAndGet,
            aStopped::incrementAndGet);
    Await.until("a leads", () -> aLeads.get() == 1);
    CompletableFuture<?> b =
        LeaderElection.run(
            client,
            "netcost",
            "netcost-metadata-prod-1",
            "replica-b",
            timings,
            bLeads::incrementAndGet,
            () -> {});
    try {
      assertThat(holder()).isEqualTo("replica-a");
      // b keeps trying while a renews; let a few retry periods pass: b still does not lead
      Await.until(
          "a renewed",
          () ->
              client
                      .leases()
                      .inNamespace("netcost")
                      .withName("netcost-metadata-prod-1")
                      .get()
                      .getSpec()
                      .getRenewTime()
                  != null);
      assertThat(bLeads.get()).isZero();

      // a leaves (shutdown): it releases the lease, and b takes over
      a.cancel(true);
      Await.until("b leads", () -> bLeads.get() == 1);
      assertThat(holder()).isEqualTo("replica-b");
      assertThat(aStopped.get()).isEqualTo(1);
      assertThat(aLeads.get()).isEqualTo(1);
    } finally {
      a.cancel(true);
      b.cancel(true);
    }
  }

  private String holder() {
    return client
        .leases()
        .inNamespace("netcost")
        .withName("netcost-metadata-prod-1")
        .get()
        .getSpec()
        .getHolderIdentity();
  }
}
