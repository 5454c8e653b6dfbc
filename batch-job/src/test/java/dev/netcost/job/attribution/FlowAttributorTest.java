package dev.netcost.job.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.OwnerKind;
import dev.netcost.pricing.TrafficClass;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowAttributorTest {
  private static final Instant NOON = Instant.parse("2026-11-01T12:00:00Z");

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static Owner pod(
      String uid,
      String namespace,
      String team,
      String zone,
      String region,
      Instant from,
      Instant to) {
    return new Owner(
        OwnerKind.POD,
        uid,
        namespace,
        uid,
        "Deployment",
        uid,
        team,
        "node-" + zone,
        zone,
        region,
        Set.of(),
        micros(from),
        to == null ? Long.MAX_VALUE : micros(to));
  }

  private static FlowAttributor attributor(Map<String, List<Owner>> byIp) {
    Map<String, List<Owner>> keyed = new HashMap<>();
    byIp.forEach((ip, owners) -> keyed.put(OwnershipIndex.key("c", ip), owners));
    return new FlowAttributor(
        OwnershipIndex.of(keyed),
        new PeerClassifier(
            List.of(IpPrefix.parse("192.168.0.0/16")), "aws", RunPricing.defaults()));
  }

  @Test
  void peerAddressReusedWithinTheWindowIsSplitByTheSecondsEachOwnerHeldIt() {
    // 10.1.0.9 belonged to payments until 12:15, then (after a 15-minute gap) to search from 12:30
    Owner client =
        pod("client", "web", "web", "us-east-1a", "us-east-1", NOON.minusSeconds(86400), null);
    Owner first =
        pod(
            "first",
            "payments",
            "payments",
            "us-east-1b",
            "us-east-1",
            NOON.minusSeconds(3600),
            NOON.plusSeconds(900));
    Owner second =
        pod("second", "search", "search", "us-east-1a", "us-east-1", NOON.plusSeconds(1800), null);
    FlowAttributor flows =
        attributor(Map.of("10.1.0.1", List.of(client), "10.1.0.9", List.of(first, second)));

    List<FlowAttributor.Part> parts =
        flows.attribute(
            "c",
            micros(NOON),
            micros(NOON.plusSeconds(3600)),
            "10.1.0.1",
            "10.1.0.9",
            null,
            "tcp",
            443,
            false,
            1_000_001,
            10,
            7,
            3,
            2);

    // first held it 900 s of the window, second 1800 s: a 1:2 split that adds up exactly
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).peer().uid()).isEqualTo("first");
    assertThat(parts.get(0).trafficClass()).isEqualTo(TrafficClass.CROSS_ZONE);
    assertThat(parts.get(0).sentBytes()).isEqualTo(333_334);
    assertThat(parts.get(1).peer().uid()).isEqualTo("second");
    assertThat(parts.get(1).trafficClass()).isEqualTo(TrafficClass.SAME_ZONE);
    assertThat(parts.get(1).sentBytes()).isEqualTo(666_667);
    assertThat(parts.get(0).receivedBytes() + parts.get(1).receivedBytes()).isEqualTo(10);
    assertThat(parts.get(0).connections() + parts.get(1).connections()).isEqualTo(2);
    assertThat(parts).allMatch(FlowAttributor.Part::split);
  }

  @Test
  void ownerChangeBetweenWindowsAttributesEachWindowToItsOwner() {
    Owner morning =
        pod(
            "morning",
            "payments",
            "payments",
            "us-east-1a",
            "us-east-1",
            NOON.minusSeconds(7200),
            NOON.minusSeconds(1200));
    Owner afternoon =
        pod(
            "afternoon",
            "search",
            "search",
            "us-east-1a",
            "us-east-1",
            NOON.plusSeconds(600),
            null);
    FlowAttributor flows = attributor(Map.of("10.1.0.9", List.of(morning, afternoon)));

    List<FlowAttributor.Part> before =
        flows.attribute(
            "c",
            micros(NOON.minusSeconds(3600)),
            micros(NOON),
            "10.1.0.9",
            "198.51.100.7",
            null,
            "tcp",
            443,
            false,
            500,
            50,
            5,
            5,
            1);
    List<FlowAttributor.Part> after =
        flows.attribute(
            "c",
            micros(NOON),
            micros(NOON.plusSeconds(3600)),
            "10.1.0.9",
            "198.51.100.7",
            null,
            "tcp",
            443,
            false,
            700,
            70,
            7,
            7,
            1);

    assertThat(before)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.local().uid()).isEqualTo("morning");
              assertThat(p.sentBytes()).isEqualTo(500);
              assertThat(p.trafficClass()).isEqualTo(TrafficClass.INTERNET);
              assertThat(p.split()).isFalse();
            });
    assertThat(after)
        .singleElement()
        .satisfies(p -> assertThat(p.local().team()).isEqualTo("search"));
  }

  @Test
  void hostNetworkPodGetsOnlyInboundTrafficToItsListenPorts() {
    Owner node =
        new Owner(
            OwnerKind.NODE,
            "n1",
            "__node__",
            null,
            "Node",
            "n1",
            "__unassigned__",
            "n1",
            "us-east-1a",
            "us-east-1",
            Set.of(),
            0,
            Long.MAX_VALUE);
    Owner exporter =
        new Owner(
            OwnerKind.HOST_POD,
            "ne",
            "monitoring",
            "ne-1",
            "DaemonSet",
            "node-exporter",
            "platform",
            "n1",
            "us-east-1a",
            "us-east-1",
            Set.of("tcp/9100"),
            0,
            Long.MAX_VALUE);
    FlowAttributor flows = attributor(Map.of("10.0.0.5", List.of(node, exporter)));
    long from = micros(NOON);
    long to = micros(NOON.plusSeconds(3600));

    assertThat(
            flows.attribute(
                "c", from, to, "10.0.0.5", "10.9.9.9", null, "tcp", 9100, true, 1, 1, 1, 1, 1))
        .singleElement()
        .satisfies(p -> assertThat(p.local().workload()).isEqualTo("node-exporter"));
    assertThat(
            flows.attribute(
                "c", from, to, "10.0.0.5", "10.9.9.9", null, "udp", 9100, true, 1, 1, 1, 1, 1))
        .singleElement()
        .satisfies(p -> assertThat(p.local().kind()).isEqualTo(OwnerKind.NODE));
    assertThat(
            flows.attribute(
                "c", from, to, "10.0.0.5", "203.0.113.9", null, "tcp", 9100, false, 1, 1, 1, 1, 1))
        .singleElement()
        .satisfies(p -> assertThat(p.local().kind()).isEqualTo(OwnerKind.NODE));
  }

  @Test
  void externalPeersAreClassedByThePricingClassifierBehindTheAllowList() {
    FlowAttributor flows = attributor(Map.of());
    long from = micros(NOON);
    long to = micros(NOON.plusSeconds(60));
    List<TrafficClass> classes = new ArrayList<>();
    for (String peer :
        List.of(
            "192.168.3.4",
            "10.250.0.1",
            "100.64.1.1",
            "fd00::1",
            "8.8.8.8",
            "2606:4700::1111",
            "224.0.0.251")) {
      classes.add(
          flows
              .attribute("c", from, to, "10.0.0.1", peer, null, "tcp", 443, false, 1, 1, 1, 1, 1)
              .get(0)
              .trafficClass());
    }
    assertThat(classes)
        .containsExactly(
            TrafficClass.PRIVATE, // --private-cidr allow-list
            TrafficClass.PRIVATE, // RFC 1918 outside every rule (pricing's rule 3)
            TrafficClass.PRIVATE, // CGNAT
            TrafficClass.PRIVATE, // ULA
            TrafficClass.INTERNET,
            TrafficClass.INTERNET,
            TrafficClass.UNKNOWN); // multicast: not routable, never priced
  }
}
