package dev.netcost.collector.metadata;

import static dev.netcost.collector.metadata.Objects.namespace;
import static dev.netcost.collector.metadata.Objects.node;
import static dev.netcost.collector.metadata.Objects.pod;
import static dev.netcost.collector.metadata.Objects.terminated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.collector.common.StoreSnapshotSink;
import dev.netcost.contract.SnapshotWriter;
import dev.netcost.store.LocalObjectStore;
import dev.netcost.store.ObjectEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hourly snapshots as written to the store, decoded by DuckDB (an independent reader). */
@EnableKubernetesMockClient(crud = true)
class SnapshotParquetTest {
  KubernetesClient client;

  @TempDir Path root;

  @Test
  void hourlySnapshotsThroughTheStore() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2030-03-02T10:00:00Z"));
    client.namespaces().resource(namespace("shop", Map.of("team", "payments"))).create();
    var created =
        client
            .nodes()
            .resource(
                node(
                    "node-a",
                    Map.of(
                        "topology.kubernetes.io/zone",
                        "us-east-1a",
                        "topology.kubernetes.io/region",
                        "us-east-1"),
                    "aws:///us-east-1a/i-0aaa",
                    "10.0.1.5",
                    null))
            .create();
    Instant nodeCreated = Instant.parse(created.getMetadata().getCreationTimestamp());
    String nodeUid = created.getMetadata().getUid();
    LocalObjectStore store = new LocalObjectStore(root);
    MetadataCollector collector =
        new MetadataCollector(
            client,
            "prod-1",
            clock,
            TeamResolver.defaults(),
            new StoreSnapshotSink(store),
            "test",
            Duration.ofSeconds(30));
    collector.start(0);
    ClusterModel model = collector.model();

    clock.set("2030-03-02T10:00:10Z");
    String cart =
        client
            .pods()
            .resource(pod("shop", "cart", "node-a", "2030-03-02T10:00:07Z", "10.0.2.17").build())
            .create()
            .getMetadata()
            .getUid();
    Await.until("cart recorded", () -> model.podCount() == 1);
    clock.set("2030-03-02T10:00:40Z");
    client.pods().inNamespace("shop").withName("cart").delete();
    Await.until("cart closed", () -> model.intervals("10.0.2.17").get(0).validTo().isPresent());
    clock.set("2030-03-02T10:01:10Z");
    String search =
        client
            .pods()
            .resource(pod("shop", "search", "node-a", "2030-03-02T10:01:05Z", "10.0.2.17").build())
            .create()
            .getMetadata()
            .getUid();
    Await.until("search recorded", () -> model.intervals("10.0.2.17").size() == 2);
    clock.set("2030-03-02T10:50:05Z");
    Pod late =
        client
            .pods()
            .resource(pod("shop", "late", "node-a", "2030-03-02T10:50:00Z", "10.0.2.18").build())
            .create();
    Await.until("late recorded", () -> model.intervals("10.0.2.18").size() == 1);

    clock.set("2030-03-02T11:00:01Z");
    String hour10 = collector.writeDue().get(0);
    // late's last container exited at 10:59:58, reported after the 10:00 snapshot was written
    clock.set("2030-03-02T11:00:20Z");
    client.pods().resource(terminated(late, "Succeeded", "2030-03-02T10:59:58Z")).updateStatus();
    Await.until("late closed", () -> model.intervals("10.0.2.18").get(0).validTo().isPresent());
    // a clean shutdown at 11:30 writes the partial 11:00 snapshot
    clock.set("2030-03-02T11:30:00Z");
    collector.stop(true);

    assertThat(hour10)
        .isEqualTo("metadata/cluster=prod-1/date=2030-03-02/hour=10/20300302T100000Z-0000.parquet");
    assertThat(store.list("metadata/"))
        .extracting(ObjectEntry::key)
        .containsExactly(
            hour10,
            "metadata/cluster=prod-1/date=2030-03-02/hour=11/20300302T110000Z-0000.parquet");

    long node = SnapshotWriter.micros(nodeCreated);
    assertThat(rows(root.resolve(hour10)))
        .containsExactly(
            "prod-1|10.0.1.5|node|"
                + nodeUid
                + "|null|null|Node|node-a|__unassigned__|{\"topology.kubernetes.io/region\":\"us-east-1\",\"topology.kubernetes.io/zone\":\"us-east-1a\"}|node-a|us-east-1a|us-east-1|i-0aaa|null|"
                + node
                + "|null",
            "prod-1|10.0.2.17|pod|"
                + cart
                + "|shop|cart|Pod|cart|payments|{}|node-a|us-east-1a|us-east-1|i-0aaa|null|"
                + micros("10:00:07")
                + "|"
                + micros("10:00:40"),
            "prod-1|10.0.2.17|pod|"
                + search
                + "|shop|search|Pod|search|payments|{}|node-a|us-east-1a|us-east-1|i-0aaa|null|"
                + micros("10:01:05")
                + "|null",
            "prod-1|10.0.2.18|pod|"
                + late.getMetadata().getUid()
                + "|shop|late|Pod|late|payments|{}|node-a|us-east-1a|us-east-1|i-0aaa|null|"
                + micros("10:50:00")
                + "|null");
    // the 11:00 snapshot: what overlaps 11:00-11:30, plus late's end, seen after its hour was
    // written
    assertThat(
            rows(
                root.resolve(
                    "metadata/cluster=prod-1/date=2030-03-02/hour=11/20300302T110000Z-0000.parquet")))
        .extracting(row -> row.substring(row.indexOf("|10.") + 1))
        .containsExactly(
            "10.0.1.5|node|"
                + nodeUid
                + "|null|null|Node|node-a|__unassigned__|{\"topology.kubernetes.io/region\":\"us-east-1\",\"topology.kubernetes.io/zone\":\"us-east-1a\"}|node-a|us-east-1a|us-east-1|i-0aaa|null|"
                + node
                + "|null",
            "10.0.2.17|pod|"
                + search
                + "|shop|search|Pod|search|payments|{}|node-a|us-east-1a|us-east-1|i-0aaa|null|"
                + micros("10:01:05")
                + "|null",
            "10.0.2.18|pod|"
                + late.getMetadata().getUid()
                + "|shop|late|Pod|late|payments|{}|node-a|us-east-1a|us-east-1|i-0aaa|null|"
                + micros("10:50:00")
                + "|"
                + micros("10:59:58"));
  }

  @Test
  void restartedWriterContinuesTheSequence() throws Exception {
    LocalObjectStore store = new LocalObjectStore(root);
    store.createExclusive(
        "metadata/cluster=prod-1/date=2030-03-02/hour=11/20300302T110000Z-0000.parquet",
        new byte[] {1});
    store.createExclusive(
        "metadata/cluster=prod-1/date=2030-03-02/hour=11/20300302T110000Z-0001.parquet",
        new byte[] {2});
    store.createExclusive(
        "metadata/cluster=prod-1/date=2030-03-02/hour=10/20300302T100000Z-0003.parquet",
        new byte[] {3});
    store.createExclusive(
        "metadata/cluster=prod-2/date=2030-03-02/hour=11/20300302T110000Z-0007.parquet",
        new byte[] {4});
    assertThat(
            CollectMetadataCommand.existingSnapshots(
                store, "prod-1", Instant.parse("2030-03-02T11:42:00Z")))
        .isEqualTo(2);
    assertThat(
            CollectMetadataCommand.existingSnapshots(
                store, "prod-1", Instant.parse("2030-03-02T12:00:00Z")))
        .isZero();

    MutableClock clock = new MutableClock(Instant.parse("2030-03-02T11:42:00Z"));
    ClusterModel model = new ClusterModel("prod-1", clock, TeamResolver.defaults());
    HourlySnapshots snapshots =
        new HourlySnapshots("prod-1", model, new StoreSnapshotSink(store), "test");
    snapshots.continueAfter(Instant.parse("2030-03-02T11:00:00Z"), 2);
    assertThat(snapshots.write(Instant.parse("2030-03-02T11:00:00Z")))
        .isEqualTo("metadata/cluster=prod-1/date=2030-03-02/hour=11/20300302T110000Z-0002.parquet");
    assertThat(snapshots.write(Instant.parse("2030-03-02T12:00:00Z")))
        .isEqualTo("metadata/cluster=prod-1/date=2030-03-02/hour=12/20300302T120000Z-0000.parquet");
    assertThat(
            rows(
                root.resolve(
                    "metadata/cluster=prod-1/date=2030-03-02/hour=12/20300302T120000Z-0000.parquet")))
        .isEmpty();
  }

  private static long micros(String time) {
    return SnapshotWriter.micros(Instant.parse("2030-03-02T" + time + "Z"));
  }

  private static List<String> rows(Path file) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT cluster, ip, kind, owner_uid, namespace, pod, workload_kind, workload, team, labels_json,"
                    + " node, zone, region, cloud_instance_id, listen_ports, epoch_us(valid_from), epoch_us(valid_to)"
                    + " FROM read_parquet('"
                    + file
                    + "')")) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (i > 1) {
            row.append('|');
          }
          row.append(result.getObject(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  @Test
  void failedUploadIsRetriedUnderTheNextSequence() throws Exception {
    LocalObjectStore store = new LocalObjectStore(root);
    StoreSnapshotSink real = new StoreSnapshotSink(store);
    int[] calls = {0};
    dev.netcost.collector.common.SnapshotSink flaky =
        (key, bytes) -> {
          real.publish(key, bytes);
          if (calls[0]++ == 0) {
            throw new java.io.IOException("connection reset after upload of " + key);
          }
        };
    MutableClock clock = new MutableClock(Instant.parse("2030-03-02T11:00:01Z"));
    ClusterModel model = new ClusterModel("prod-1", clock, TeamResolver.defaults());
    HourlySnapshots snapshots = new HourlySnapshots("prod-1", model, flaky, "test");
    Instant hour = Instant.parse("2030-03-02T10:00:00Z");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> snapshots.write(hour))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage(
            "connection reset after upload of metadata/cluster=prod-1/date=2030-03-02/hour=10/20300302T100000Z-0000.parquet");
    assertThat(snapshots.write(hour))
        .isEqualTo("metadata/cluster=prod-1/date=2030-03-02/hour=10/20300302T100000Z-0001.parquet");
  }
}
