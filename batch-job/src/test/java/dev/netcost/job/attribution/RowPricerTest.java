package dev.netcost.job.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.OwnerKind;
import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.Destination;
import dev.netcost.pricing.InvalidInputException;
import dev.netcost.pricing.PricingSetup;
import dev.netcost.pricing.TrafficClass;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowPricerTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-01");
  private static final long GIB = 1L << 30;

  @TempDir Path dir;

  private static Owner pod(String uid, String zone, String region) {
    return new Owner(
        OwnerKind.POD,
        uid,
        "ns",
        uid,
        "Deployment",
        uid,
        "team",
        "node-" + zone,
        zone,
        region,
        Set.of(),
        0,
        Long.MAX_VALUE);
  }

  private RunPricing pricing(AttributionPolicy policy, boolean withFiles) throws Exception {
    if (!withFiles) {
      return RunPricing.load(
          new PricingSetup.Files(
              List.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), policy));
    }
    Path ranges = dir.resolve("ip-ranges.json");
    Files.writeString(
        ranges,
        """
        {"syncToken": "1764115200", "createDate": "2026-11-26-00-00-00",
         "prefixes": [
          {"ip_prefix": "52.216.0.0/15", "region": "us-east-1", "service": "S3",
           "network_border_group": "us-east-1"},
          {"ip_prefix": "3.5.76.0/22", "region": "us-west-2", "service": "S3",
           "network_border_group": "us-west-2"}],
         "ipv6_prefixes": []}
        """);
    Path rules = dir.resolve("config.yaml");
    Files.writeString(
        rules,
        """
        destinations:
          direct-classification:
            - region: us-east-1
              zone: us-east-1b
              ips: [10.40.2.0/24]
        """);
    Path paths = dir.resolve("network-paths.yaml");
    Files.writeString(
        paths,
        """
        nat-gateways:
          - name: nat-use1
            provider: aws
            region: us-east-1
            subnets: [10.1.0.0/16]
            bypass: [52.216.0.0/15]
        """);
    return RunPricing.load(
        new PricingSetup.Files(
            List.of(),
            Optional.empty(),
            Optional.of(rules),
            List.of(ranges),
            Optional.of(paths),
            policy));
  }

  private static FlowAttributor.Part part(
      PeerClassifier peers, Owner local, Owner peer, String peerIp, long sent, long received) {
    Destination destination =
        peer == null ? peers.classify(local, IpAddresses.parse(peerIp)) : null;
    return new FlowAttributor.Part(
        local,
        peer,
        null,
        FlowAttributor.classify(local, peer, destination),
        destination,
        sent,
        received,
        1,
        1,
        1,
        false);
  }

  @Test
  void externalPeersArePlacedByRulesAndRangesWithRegionZoneAndService() throws Exception {
    PeerClassifier peers =
        new PeerClassifier(
            List.of(IpPrefix.parse("10.40.2.0/24")),
            "aws",
            pricing(AttributionPolicy.SENDER_PAYS, true));
    Owner east1a = pod("a", "us-east-1a", "us-east-1");

    Destination s3 = peers.classify(east1a, IpAddresses.parse("52.216.8.1"));
    assertThat(s3.trafficClass()).isEqualTo(TrafficClass.SAME_ZONE);
    assertThat(s3.peerRegion()).contains("us-east-1");
    assertThat(s3.service()).contains("aws-s3");
    Destination s3West = peers.classify(east1a, IpAddresses.parse("3.5.77.9"));
    assertThat(s3West.trafficClass()).isEqualTo(TrafficClass.CROSS_REGION);
    assertThat(s3West.peerRegion()).contains("us-west-2");
    // the allow-list comes first: the Kubecost rule for the same range is not consulted
    assertThat(peers.classify(east1a, IpAddresses.parse("10.40.2.7")).reason())
        .isEqualTo("--private-cidr 10.40.2.0/24");
    // without the allow-list the Kubecost direct classification places it in zone us-east-1b
    PeerClassifier rulesOnly =
        new PeerClassifier(List.of(), "aws", pricing(AttributionPolicy.SENDER_PAYS, true));
    Destination rds = rulesOnly.classify(east1a, IpAddresses.parse("10.40.2.7"));
    assertThat(rds.trafficClass()).isEqualTo(TrafficClass.CROSS_ZONE);
    assertThat(rds.peerZone()).contains("us-east-1b");
    // an unresolved local end cannot be placed relative to S3: unknown, never guessed
    assertThat(peers.classify(null, IpAddresses.parse("52.216.8.1")).trafficClass())
        .isEqualTo(TrafficClass.UNKNOWN);
    assertThat(peers.classify(null, IpAddresses.parse("8.8.8.8")).trafficClass())
        .isEqualTo(TrafficClass.INTERNET);
  }

  @Test
  void shippedPricingIsRebuiltFromTheSameFilesInAnotherJvm() throws Exception {
    PeerClassifier peers =
        new PeerClassifier(List.of(), "aws", pricing(AttributionPolicy.SPLIT, true));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(peers);
    }
    PeerClassifier copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (PeerClassifier) in.readObject();
    }
    Owner east1a = pod("a", "us-east-1a", "us-east-1");
    Destination s3 = copy.classify(east1a, IpAddresses.parse("52.216.8.1"));
    assertThat(s3.service()).contains("aws-s3");
    assertThat(s3.reason()).isEqualTo("aws range 52.216.0.0/15 S3 us-east-1");
    assertThat(copy.pricing().policy()).isEqualTo(AttributionPolicy.SPLIT);
    assertThat(copy.pricing().book().version()).isEqualTo(peers.pricing().book().version());
    assertThat(copy.pricing().setup().rangeVersions())
        .isEqualTo(peers.pricing().setup().rangeVersions());
  }

  @Test
  void crossZoneChargesOfBothSidesLandOnThePayerOnce() throws Exception {
    Owner a = pod("a", "us-east-1a", "us-east-1");
    Owner b = pod("b", "us-east-1b", "us-east-1");
    List<String> results = new java.util.ArrayList<>();
    for (AttributionPolicy policy : AttributionPolicy.values()) {
      PeerClassifier peers = new PeerClassifier(List.of(), "aws", pricing(policy, false));
      RowPricer pricer = new RowPricer(peers.pricing(), "aws", DAY);
      // a's row: a sent 1 GiB to b and received 3 GiB from b
      RowPricer.Priced priced =
          pricer
              .price(part(peers, a, b, null, GIB, 3 * GIB), "10.1.0.1", "10.1.0.2", null, null)
              .orElseThrow();
      results.add(
          policy.wireName()
              + " "
              + priced.egressCost().toPlainString()
              + " "
              + priced.ingressCost().toPlainString()
              + " "
              + priced.egressRate().toPlainString());
    }
    // AWS cross-AZ: $0.01 out of the sender and $0.01 into the receiver
    assertThat(results)
        .containsExactly(
            "sender_pays 0.020000000 0.000000000 0.01",
            "receiver_pays 0.000000000 0.060000000 0.01",
            "split 0.010000000 0.030000000 0.01");
  }

  @Test
  void internetRowsPayTheNatGatewayBothWaysAndLeaveTheirTierPartToTheAllocation() throws Exception {
    PeerClassifier peers =
        new PeerClassifier(List.of(), "aws", pricing(AttributionPolicy.SENDER_PAYS, true));
    RowPricer pricer = new RowPricer(peers.pricing(), "aws", DAY);
    Owner natted = pod("n", "us-east-1a", "us-east-1");

    RowPricer.Priced internet =
        pricer
            .price(
                part(peers, natted, null, "198.51.100.9", 2 * GIB, GIB),
                "10.1.4.4",
                "198.51.100.9",
                null,
                null)
            .orElseThrow();
    assertThat(internet.tierPending()).isTrue();
    assertThat(internet.egressRate()).isNull();
    assertThat(internet.egressCost().toPlainString()).isEqualTo("0.090000000");
    assertThat(internet.ingressCost().toPlainString()).isEqualTo("0.045000000");
    assertThat(internet.sheetVersion()).isEqualTo("aws-2026-11-26");

    // S3 is in the NAT's bypass (a gateway endpoint): same zone, free, no NAT charge
    RowPricer.Priced s3 =
        pricer
            .price(
                part(peers, natted, null, "52.216.8.1", 2 * GIB, GIB),
                "10.1.4.4",
                "52.216.8.1",
                null,
                null)
            .orElseThrow();
    assertThat(s3.tierPending()).isFalse();
    assertThat(s3.egressCost().add(s3.ingressCost()).toPlainString()).isEqualTo("0.000000000");
    assertThat(s3.egressRate().toPlainString()).isEqualTo("0");

    // a region no sheet knows is unpriced, never free
    Owner unknownRegion = pod("x", "ap-east-9a", "ap-east-9");
    assertThat(
            pricer.price(
                part(peers, unknownRegion, null, "198.51.100.9", GIB, 0),
                "10.9.0.1",
                "198.51.100.9",
                null,
                null))
        .isEmpty();
  }

  @Test
  void malformedPricingFilesNameTheFileLineAndField() throws Exception {
    Path paths = dir.resolve("paths.yaml");
    Files.writeString(
        paths,
        "nat-gateways:\n  - name: n\n    provider: aws\n    region: us-east-1\n    subnets: [10.1.0.0/33]\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                RunPricing.load(
                    new PricingSetup.Files(
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        Optional.of(paths),
                        AttributionPolicy.SENDER_PAYS)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(paths + " line 5 field ");
  }
}
