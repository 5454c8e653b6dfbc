package dev.netcost.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWriterTest {
  private static final Instant START = Instant.parse("2026-11-01T07:00:00Z");

  @Test
  void flowSnapshotIsReadableByDuckDbWithFooterAndTypes(@TempDir Path dir) throws Exception {
    FlowRecord row =
        new FlowRecord(
            "prod",
            "node-a",
            START,
            START.plusSeconds(3600),
            "10.0.1.5",
            "2001:DB8:0:0:0:0:0:1",
            Optional.of("172.20.0.10"),
            Optional.empty(),
            Protocol.TCP,
            443,
            Direction.OUTBOUND,
            123_456_789_012L,
            42,
            7,
            3,
            2);
    byte[] bytes = SnapshotWriter.writeFlows(List.of(row, row), "test");
    assertThat(SnapshotWriter.writeFlows(List.of(row, row), "test")).isEqualTo(bytes);
    Path file = dir.resolve("f.parquet");
    Files.write(file, bytes);

    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery(
              "select sum(sent_bytes), min(peer_ip), min(peer_pre_nat_ip), count(snat_ip),"
                  + " min(window_start)::varchar, typeof(min(window_start)) from read_parquet('"
                  + file
                  + "')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(246_913_578_024L);
        assertThat(rs.getString(2)).isEqualTo("2001:db8::1");
        assertThat(rs.getString(3)).isEqualTo("172.20.0.10");
        assertThat(rs.getLong(4)).isZero();
        assertThat(rs.getString(5)).isEqualTo("2026-11-01 07:00:00+00");
        assertThat(rs.getString(6)).isEqualTo("TIMESTAMP WITH TIME ZONE");
      }
      try (ResultSet rs =
          statement.executeQuery(
              "select value from parquet_kv_metadata('"
                  + file
                  + "') where key = 'netcost.format.version'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("1");
      }
    }
  }

  @Test
  void keysAreDeterministicAndParse() {
    String key =
        ObjectKeys.flowSnapshot("prod", "ip-10-0-1-5.ec2.internal", START.plusSeconds(60), 1);
    assertThat(key)
        .isEqualTo(
            "flows/cluster=prod/date=2026-11-01/hour=07/node=ip-10-0-1-5.ec2.internal/20261101T070100Z-0001.parquet");
    ObjectKeys.SnapshotKey parsed = ObjectKeys.parseFlowKey("s3a://bucket/x/" + key).orElseThrow();
    assertThat(parsed.node()).contains("ip-10-0-1-5.ec2.internal");
    assertThat(parsed.start()).isEqualTo(START.plusSeconds(60));
    assertThat(parsed.sequence()).isEqualTo(1);
    assertThat(ObjectKeys.metadataSnapshot("prod", START, 0))
        .isEqualTo("metadata/cluster=prod/date=2026-11-01/hour=07/20261101T070000Z-0000.parquet");
  }

  @Test
  void ipAddressesAreCanonical() {
    assertThat(IpAddresses.canonical("::ffff:10.0.0.1")).isEqualTo("10.0.0.1");
    assertThat(IpAddresses.canonical("FE80:0:0:0:1:0:0:1")).isEqualTo("fe80::1:0:0:1");
    assertThat(IpAddresses.canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(IpAddresses.canonical("::")).isEqualTo("::");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IpAddresses.canonical("10.0.0.256"))
        .hasMessage("Invalid IP address: '10.0.0.256'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IpAddresses.canonical("example.com"))
        .hasMessage("Invalid IP address: 'example.com'");
  }
}
