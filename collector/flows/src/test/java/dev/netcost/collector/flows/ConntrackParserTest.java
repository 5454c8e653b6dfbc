package dev.netcost.collector.flows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.contract.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConntrackParserTest {
  private final ConntrackParser parser = new ConntrackParser("test");

  static List<String> fixture(String name) throws IOException {
    try (InputStream in = ConntrackParserTest.class.getResourceAsStream("/fixtures/" + name)) {
      List<String> lines = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), UTF_8).split("\n")) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
      return lines;
    }
  }

  @Test
  void parsesTcpFromConntrackTool() throws IOException {
    ConntrackEntry entry =
        parse(
            fixture("conntrack-extended-id.txt").stream()
                .filter(l -> l.contains("TIME_WAIT"))
                .findFirst()
                .orElseThrow());
    assertThat(entry.id()).isEqualTo(1659756390L);
    assertThat(entry.identity()).isEqualTo(1659756390L);
    assertThat(entry.protocol()).isEqualTo(Protocol.TCP);
    assertThat(entry.originalSource()).isEqualTo("10.99.7.1");
    assertThat(entry.originalDestination()).isEqualTo("10.99.7.2");
    assertThat(entry.originalSourcePort()).isEqualTo(47976);
    assertThat(entry.originalDestinationPort()).isEqualTo(8080);
    assertThat(entry.replySource()).isEqualTo("10.99.7.2");
    assertThat(entry.replyDestination()).isEqualTo("10.99.7.1");
    assertThat(entry.replySourcePort()).isEqualTo(8080);
    assertThat(entry.hasCounters()).isTrue();
    assertThat(entry.originalPackets()).isEqualTo(5);
    assertThat(entry.originalBytes()).isEqualTo(1268);
    assertThat(entry.replyPackets()).isEqualTo(5);
    assertThat(entry.replyBytes()).isEqualTo(5268);
  }

  @Test
  void parsesIcmpWithTupleIdsAndConntrackId() throws IOException {
    ConntrackEntry icmp =
        parse(
            fixture("conntrack-extended-id.txt").stream()
                .filter(l -> l.contains(" icmp "))
                .findFirst()
                .orElseThrow());
    assertThat(icmp.protocol()).isEqualTo(Protocol.ICMP);
    assertThat(icmp.id()).isEqualTo(2666320420L);
    assertThat(icmp.originalSourcePort()).isZero();
    assertThat(icmp.originalBytes()).isEqualTo(84);
    assertThat(icmp.replyBytes()).isEqualTo(84);
    ConntrackEntry icmpv6 =
        parse(
            fixture("conntrack-extended-id.txt").stream()
                .filter(l -> l.contains("icmpv6"))
                .findFirst()
                .orElseThrow());
    assertThat(icmpv6.protocol()).isEqualTo(Protocol.ICMPV6);
    assertThat(icmpv6.id()).isEqualTo(715496749L);
    assertThat(icmpv6.originalSource()).isEqualTo("fd99:7::1");
    assertThat(icmpv6.replyBytes()).isEqualTo(104);
  }

  @Test
  void parsesEveryFixtureLine() throws IOException {
    int count = 0;
    for (String name :
        List.of(
            "conntrack-extended-id.txt",
            "conntrack-extended.txt",
            "proc-nf-conntrack.txt",
            "conntrack-events.txt")) {
      for (String line : fixture(name)) {
        ConntrackParser.Line parsed = parser.parse(line, 1);
        assertThat(parsed.entry().originalSource()).isNotEmpty();
        count++;
      }
    }
    assertThat(count).isEqualTo(20);
  }

  @Test
  void procLinesHaveCanonicalAddressesAndTupleIdentity() throws IOException {
    List<String> proc = fixture("proc-nf-conntrack.txt");
    ConntrackEntry udp6 =
        parse(
            proc.stream()
                .filter(l -> l.contains("udp") && l.contains("50488"))
                .findFirst()
                .orElseThrow());
    assertThat(udp6.id()).isZero();
    assertThat(udp6.originalSource()).isEqualTo("fd99:7::1");
    assertThat(udp6.replySource()).isEqualTo("fd99:7::2");
    assertThat(udp6.originalBytes()).isEqualTo(148);
    assertThat(udp6.replyBytes()).isEqualTo(348);
    assertThat(udp6.identity()).isEqualTo(udp6.tupleHash());
    // the same connection from the tool and from /proc has the same tuple hash
    ConntrackEntry sameFromTool =
        parse(
            fixture("conntrack-extended-id.txt").stream()
                .filter(l -> l.contains("50488"))
                .findFirst()
                .orElseThrow());
    assertThat(sameFromTool.tupleHash()).isEqualTo(udp6.tupleHash());
    ConntrackEntry sctp =
        parse(proc.stream().filter(l -> l.contains("sctp")).findFirst().orElseThrow());
    assertThat(sctp.protocol()).isEqualTo(Protocol.SCTP);
    assertThat(sctp.replySourcePort()).isEqualTo(3868);
  }

  @Test
  void parsesDestroyEventsWithTimestampsAndNat() throws IOException {
    List<String> events = fixture("conntrack-events.txt");
    ConntrackParser.Line destroy = parser.parse(events.get(0), 1);
    assertThat(destroy.type()).isEqualTo(ConntrackParser.EventType.DESTROY);
    assertThat(destroy.entry().id()).isEqualTo(1659756390L);
    ConntrackParser.Line stamped = parser.parse(events.get(2), 3);
    assertThat(stamped.type()).isEqualTo(ConntrackParser.EventType.DESTROY);
    assertThat(stamped.entry().protocol()).isEqualTo(Protocol.ICMP);
    assertThat(stamped.entry().id()).isEqualTo(2204438265L);
    assertThat(stamped.entry().originalBytes()).isEqualTo(84);
    assertThat(stamped.entry().replyBytes()).isZero();
    // a masqueraded pod connection, as the kernel reported its end
    ConntrackEntry masqueraded = parser.parse(events.get(3), 4).entry();
    assertThat(masqueraded.originalSource()).isEqualTo("10.99.2.2");
    assertThat(masqueraded.replyDestination()).isEqualTo("10.99.1.1");
    assertThat(masqueraded.originalBytes()).isEqualTo(420);
    assertThat(masqueraded.replyBytes()).isEqualTo(416);
    assertThat(masqueraded.id()).isEqualTo(567313970L);
    ConntrackEntry nat =
        parse(
            fixture("conntrack-extended-id.txt").stream()
                .filter(l -> l.contains("10.99.200.1"))
                .findFirst()
                .orElseThrow());
    assertThat(nat.originalDestination()).isEqualTo("10.99.200.1");
    assertThat(nat.replySource()).isEqualTo("10.99.7.2");
    assertThat(nat.replySourcePort()).isEqualTo(8080);
    assertThat(nat.replyDestinationPort()).isEqualTo(40001);
  }

  @Test
  void entriesWithoutAccountingHaveNoCounters() {
    ConntrackEntry entry =
        parse(
            "ipv4     2 tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2"
                + " src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1 [ASSURED] mark=0 use=1 id=7");
    assertThat(entry.hasCounters()).isFalse();
    assertThat(entry.originalBytes()).isZero();
  }

  @Test
  void errorsNameTheLineAndTheReason() {
    assertThatThrownBy(
            () -> parser.parse("ipv4 2 tcp 6 10 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2", 12))
        .isInstanceOf(MalformedConntrackLineException.class)
        .hasMessage(
            "Cannot parse line 12 of test: missing reply tuple: 'ipv4 2 tcp 6 10 src=10.0.0.1"
                + " dst=10.0.0.2 sport=1 dport=2'");
    assertThatThrownBy(
            () ->
                parser.parse(
                    "ipv4 2 tcp 6 10 src=10.0.0.300 dst=10.0.0.2 sport=1 dport=2 src=10.0.0.2"
                        + " dst=10.0.0.1 sport=2 dport=1",
                    3))
        .hasMessageStartingWith("Cannot parse line 3 of test: invalid src address '10.0.0.300': ");
    assertThatThrownBy(
            () ->
                parser.parse(
                    "ipv4 2 udp 17 10 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 packets=1 bytes=x1"
                        + " src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1 packets=1 bytes=1",
                    4))
        .hasMessageStartingWith("Cannot parse line 4 of test: invalid bytes 'x1': ");
    assertThatThrownBy(
            () ->
                parser.parse(
                    "ipv4 2 udp 17 10 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=2 packets=1 bytes=1"
                        + " src=10.0.0.2 dst=10.0.0.1 sport=2 dport=1",
                    5))
        .hasMessageStartingWith(
            "Cannot parse line 5 of test: counters present in only one direction: ");
    assertThatThrownBy(() -> parser.parse("ipv5 2 udp", 6))
        .hasMessage("Cannot parse line 6 of test: unknown address family 'ipv5': 'ipv5 2 udp'");
    assertThatThrownBy(
            () ->
                parser.parse(
                    "ipv4 2 tcp 6 10 src=10.0.0.1 dst=10.0.0.2 src=10.0.0.2 dst=10.0.0.1", 7))
        .hasMessageStartingWith("Cannot parse line 7 of test: original tuple has no sport=/dport=");
    assertThatThrownBy(
            () ->
                parser.parse(
                    "ipv4 2 udp 17 10 src=10.0.0.1 dst=10.0.0.2 sport=1 dport=70000 src=10.0.0.2"
                        + " dst=10.0.0.1 sport=2 dport=1",
                    8))
        .hasMessageStartingWith("Cannot parse line 8 of test: invalid dport '70000'");
    assertThatThrownBy(() -> parser.parse("", 9))
        .hasMessage("Cannot parse line 9 of test: empty line: ''");
  }

  @Test
  void quickScanReadsIdAndCountersLikeTheFullParser() throws IOException {
    long[] quick = new long[5];
    for (String line : fixture("conntrack-extended-id.txt")) {
      ConntrackEntry entry = parse(line);
      assertThat(ConntrackParser.quickScan(line, quick)).as(line).isTrue();
      assertThat(quick)
          .containsExactly(
              entry.id(),
              entry.originalPackets(),
              entry.originalBytes(),
              entry.replyPackets(),
              entry.replyBytes());
    }
    assertThat(
            ConntrackParser.quickScan(
                "ipv4 2 tcp 6 1 src=1.1.1.1 dst=1.1.1.2 sport=1 dport=2 src=1.1.1.2 dst=1.1.1.1"
                    + " sport=2 dport=1 mark=0 use=1 id=5",
                quick))
        .as("no counters")
        .isFalse();
    assertThat(ConntrackParser.quickScan("garbage id=x1", quick)).isFalse();
  }

  private ConntrackEntry parse(String line) {
    return parser.parse(line, 1).entry();
  }
}
