package dev.netcost.collector.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.collector.common.Metrics;
import dev.netcost.contract.Direction;
import dev.netcost.contract.FlowRecord;
import dev.netcost.contract.Protocol;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowAccountantTest {
  private static final Instant START = Instant.parse("2026-11-26T22:00:00Z");
  private static final Instant END = Instant.parse("2026-11-26T23:00:00Z");
  private static final FlowClassifier CLASSIFIER =
      new FlowClassifier(new LocalEndpoints(Set.of("10.0.0.1"), List.of("10.244.1.0/24")));

  private final Metrics metrics = new Metrics();
  private final FlowAccountant accountant = newAccountant(metrics);

  private static FlowAccountant newAccountant(Metrics metrics) {
    FlowAccountant accountant = new FlowAccountant(CLASSIFIER, 2, metrics);
    accountant.startWindow(START, 0);
    return accountant;
  }

  @Test
  void dumpsCountDeltasAndDestroyCountsTheTail() {
    dump(tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 100, 1000));
    dump(tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 150, 3000));
    dump(tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 150, 3000));
    accountant.destroyed(tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 170, 3500));
    // a dump taken before the event was processed still lists the entry: ignored
    dump(tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 160, 3200));
    assertThat(rows())
        .containsExactly(
            row(
                "10.0.0.1",
                "10.0.0.9",
                Optional.empty(),
                Optional.empty(),
                443,
                Direction.OUTBOUND,
                170,
                3500,
                1));
    assertThat(accountant.trackedConnections()).isZero();
    assertThat(metrics.value("netcost_conntrack_stale_dump_entries_total")).isEqualTo(1);
  }

  @Test
  void shortConnectionsBetweenDumpsAreCountedFromDestroyEvents() {
    dump();
    for (int i = 0; i < 120; i++) {
      accountant.destroyed(tcp(1000 + i, "10.244.1.5", 30000 + i, "10.0.0.9", 80, 60, 200));
    }
    dump();
    assertThat(rows())
        .containsExactly(
            row(
                "10.244.1.5",
                "10.0.0.9",
                Optional.empty(),
                Optional.empty(),
                80,
                Direction.OUTBOUND,
                7200,
                24000,
                120));
  }

  @Test
  void natGivesBackendPeerVipAndSnat() {
    // pod 10.244.1.5 -> VIP 10.96.0.10:53, DNAT to 10.244.7.3:5353, masqueraded to 10.0.0.1
    ConntrackEntry entry =
        entry(
            7,
            Protocol.UDP,
            "10.244.1.5",
            5000,
            "10.96.0.10",
            53,
            "10.244.7.3",
            5353,
            "10.0.0.1",
            6000,
            80,
            120);
    accountant.destroyed(entry);
    assertThat(rows())
        .containsExactly(
            row(
                "10.244.1.5",
                "10.244.7.3",
                Optional.of("10.96.0.10"),
                Optional.of("10.0.0.1"),
                5353,
                Direction.OUTBOUND,
                80,
                120,
                1));
  }

  @Test
  void podToPodOnOneNodeIsOneRowPerSide() {
    accountant.destroyed(tcp(8, "10.244.1.5", 1234, "10.244.1.6", 8080, 10, 20));
    assertThat(rows())
        .containsExactly(
            row(
                "10.244.1.5",
                "10.244.1.6",
                Optional.empty(),
                Optional.empty(),
                8080,
                Direction.OUTBOUND,
                10,
                20,
                1),
            row(
                "10.244.1.6",
                "10.244.1.5",
                Optional.empty(),
                Optional.empty(),
                8080,
                Direction.INBOUND,
                20,
                10,
                1));
  }

  @Test
  void remoteClientIsInboundAndForwardedTrafficIsUnattributed() {
    accountant.destroyed(tcp(9, "10.244.9.9", 1234, "10.244.1.6", 8080, 10, 20));
    accountant.destroyed(tcp(10, "10.244.9.9", 1234, "10.244.8.8", 8080, 7, 5));
    accountant.destroyed(tcp(11, "127.0.0.1", 1234, "127.0.0.1", 8080, 70, 50));
    assertThat(rows())
        .containsExactly(
            row(
                "10.244.1.6",
                "10.244.9.9",
                Optional.empty(),
                Optional.empty(),
                8080,
                Direction.INBOUND,
                20,
                10,
                1));
    assertThat(metrics.value("netcost_flow_unattributed_bytes_total")).isEqualTo(132);
  }

  @Test
  void vanishedEntriesWaitForTheirEventThenAreForgotten() {
    dump(tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 100, 1000));
    dump(); // missing: event may still be queued
    accountant.destroyed(tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 130, 1100));
    assertThat(rows().get(0).sentBytes()).isEqualTo(130);
    dump(tcp(2, "10.0.0.1", 40001, "10.0.0.9", 443, 10, 10));
    dump();
    dump();
    dump();
    assertThat(accountant.trackedConnections()).isZero();
    assertThat(metrics.value("netcost_conntrack_connections_vanished_total")).isEqualTo(1);
  }

  @Test
  void reusedIdIsANewConnection() {
    dump(tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 100, 1000));
    dump(tcp(1, "10.0.0.1", 40002, "10.0.0.9", 443, 40, 50));
    assertThat(rows().get(0).sentBytes()).isEqualTo(140);
    assertThat(rows().get(0).connections()).isEqualTo(2);
  }

  @Test
  void stateRoundTripContinuesWithoutDoubleCounting() throws IOException {
    dump(tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 100, 1000));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    accountant.writeState(new DataOutputStream(buffer));
    FlowAccountant restarted = new FlowAccountant(CLASSIFIER, 2, new Metrics());
    restarted.readState(new DataInputStream(new ByteArrayInputStream(buffer.toByteArray())));
    restarted.beginDump();
    restarted.dumpEntry(tcp(1, "10.0.0.1", 40000, "10.0.0.9", 443, 250, 1500));
    restarted.endDump();
    assertThat(restarted.rows("c1", "n1", END))
        .containsExactly(
            row(
                "10.0.0.1",
                "10.0.0.9",
                Optional.empty(),
                Optional.empty(),
                443,
                Direction.OUTBOUND,
                250,
                1500,
                1));
  }

  @Test
  void countersPastFourGibibytesAreCountedExactlyAcrossARestart() throws IOException {
    // the table keeps counters below 2^32 - 1 in 32 bits and larger ones in 64: a connection
    // crossing that line, checkpointed while wide, and its counters near 2^63
    dump(tcp(7, "10.0.0.1", 40000, "10.0.0.9", 443, 0xFFFF_FFF0L, 10));
    dump(tcp(7, "10.0.0.1", 40000, "10.0.0.9", 443, 0x1_0000_0010L, 20));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    accountant.writeState(new DataOutputStream(buffer));
    FlowAccountant restarted = new FlowAccountant(CLASSIFIER, 2, new Metrics());
    restarted.readState(new DataInputStream(new ByteArrayInputStream(buffer.toByteArray())));
    restarted.beginDump();
    restarted.dumpEntry(tcp(7, "10.0.0.1", 40000, "10.0.0.9", 443, Long.MAX_VALUE - 5, 30));
    restarted.endDump();
    restarted.destroyed(tcp(7, "10.0.0.1", 40000, "10.0.0.9", 443, Long.MAX_VALUE, 35));
    assertThat(restarted.rows("c1", "n1", END))
        .containsExactly(
            row(
                "10.0.0.1",
                "10.0.0.9",
                Optional.empty(),
                Optional.empty(),
                443,
                Direction.OUTBOUND,
                Long.MAX_VALUE,
                35,
                1));
    assertThat(restarted.trackedConnections()).isZero();
  }

  private void dump(ConntrackEntry... entries) {
    accountant.beginDump();
    for (ConntrackEntry entry : entries) {
      accountant.dumpEntry(entry);
    }
    accountant.endDump();
  }

  private List<FlowRecord> rows() {
    return accountant.rows("c1", "n1", END);
  }

  private static FlowRecord row(
      String local,
      String peer,
      Optional<String> preNat,
      Optional<String> snat,
      int port,
      Direction direction,
      long sent,
      long received,
      long connections) {
    long sentPackets = sent == 0 ? 0 : 1;
    long receivedPackets = received == 0 ? 0 : 1;
    return new FlowRecord(
        "c1",
        "n1",
        START,
        END,
        local,
        peer,
        preNat,
        snat,
        port == 5353 ? Protocol.UDP : Protocol.TCP,
        port,
        direction,
        sent,
        received,
        sentPackets * connections,
        receivedPackets * connections,
        connections);
  }

  static ConntrackEntry tcp(
      long id,
      String source,
      int sourcePort,
      String destination,
      int port,
      long sent,
      long received) {
    return entry(
        id,
        Protocol.TCP,
        source,
        sourcePort,
        destination,
        port,
        destination,
        port,
        source,
        sourcePort,
        sent,
        received);
  }

  static ConntrackEntry entry(
      long id,
      Protocol protocol,
      String source,
      int sourcePort,
      String destination,
      int port,
      String replySource,
      int replyPort,
      String replyDestination,
      int replyDestinationPort,
      long sent,
      long received) {
    long tupleHash = (source + sourcePort + destination + port).hashCode();
    return new ConntrackEntry(
        id,
        id,
        tupleHash,
        protocol,
        protocol == Protocol.TCP ? 6 : 17,
        source,
        destination,
        sourcePort,
        port,
        replySource,
        replyDestination,
        replyPort,
        replyDestinationPort,
        true,
        sent == 0 ? 0 : 1,
        sent,
        received == 0 ? 0 : 1,
        received);
  }
}
