package dev.netcost.job.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.IpPrefix;
import dev.netcost.contract.OwnerKind;
import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.Destination;
import dev.netcost.pricing.PricingSetup;
import dev.netcost.pricing.TrafficClass;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --private-cidr} allow-list: contract prefixes, first listed match, serializable. */
class PeerClassifierTest {
  private static final Owner LOCAL =
      new Owner(
          OwnerKind.POD,
          "uid-a",
          "ns",
          "a",
          "Deployment",
          "a",
          "team",
          "node-a",
          "us-east-1a",
          "us-east-1",
          Set.of(),
          0,
          Long.MAX_VALUE);

  @TempDir Path dir;

  private static List<IpPrefix> prefixes(String... texts) {
    return java.util.Arrays.stream(texts).map(IpPrefix::parse).toList();
  }

  private static String reason(PeerClassifier peers, String ip) {
    Destination destination = peers.classify(LOCAL, IpAddresses.parse(ip));
    assertThat(destination.trafficClass()).as(ip).isEqualTo(TrafficClass.PRIVATE);
    return destination.reason();
  }

  @Test
  void theFirstListedOfNestedPrefixesNamesTheMatch() {
    PeerClassifier peers =
        new PeerClassifier(
            prefixes(
                "10.0.0.0/8",
                "10.1.0.0/16",
                "192.168.1.0/24",
                "192.168.0.0/16",
                "fd12:3456::/32",
                "203.0.113.9"),
            "aws",
            RunPricing.defaults());

    assertThat(reason(peers, "10.1.2.3")).isEqualTo("--private-cidr 10.0.0.0/8");
    assertThat(reason(peers, "10.200.0.1")).isEqualTo("--private-cidr 10.0.0.0/8");
    assertThat(reason(peers, "192.168.1.5")).isEqualTo("--private-cidr 192.168.1.0/24");
    assertThat(reason(peers, "192.168.2.5")).isEqualTo("--private-cidr 192.168.0.0/16");
    assertThat(reason(peers, "::ffff:192.168.0.1")).isEqualTo("--private-cidr 192.168.0.0/16");
    assertThat(reason(peers, "fd12:3456:0:1::7")).isEqualTo("--private-cidr fd12:3456::/32");
    // a bare address is a /32
    assertThat(reason(peers, "203.0.113.9")).isEqualTo("--private-cidr 203.0.113.9/32");
    // outside the list: the pricing module's classes
    assertThat(peers.classify(LOCAL, IpAddresses.parse("203.0.113.10")).trafficClass())
        .isEqualTo(TrafficClass.INTERNET);
    assertThat(peers.classify(LOCAL, IpAddresses.parse("fd12:3457::1")).reason())
        .doesNotStartWith("--private-cidr");
  }

  @Test
  void prefixesFollowTheContractRules() {
    // host bits cleared, IPv4-mapped lengths count the 96 mapped bits: one text per prefix
    PeerClassifier peers =
        new PeerClassifier(
            prefixes("172.16.9.9/12", "::ffff:100.64.0.0/106"), "aws", RunPricing.defaults());
    assertThat(reason(peers, "172.31.255.255")).isEqualTo("--private-cidr 172.16.0.0/12");
    assertThat(reason(peers, "100.127.0.1")).isEqualTo("--private-cidr 100.64.0.0/10");
  }

  @Test
  void aMappedPrefixIsAcceptedOnTheAllowListAsInAKubecostRule() throws Exception {
    Path rules = dir.resolve("config.yaml");
    Files.writeString(
        rules,
        """
        destinations:
          direct-classification:
            - region: us-east-1
              zone: us-east-1b
              ips: ["::ffff:10.40.0.0/112"]
        """);
    RunPricing pricing =
        RunPricing.load(
            new PricingSetup.Files(
                List.of(),
                Optional.empty(),
                Optional.of(rules),
                List.of(),
                Optional.empty(),
                AttributionPolicy.SENDER_PAYS));

    Destination byRule =
        new PeerClassifier(List.of(), "aws", pricing)
            .classify(LOCAL, IpAddresses.parse("10.40.2.7"));
    assertThat(byRule.trafficClass()).isEqualTo(TrafficClass.CROSS_ZONE);
    assertThat(byRule.peerZone()).contains("us-east-1b");

    PeerClassifier allowList = new PeerClassifier(prefixes("::ffff:10.40.0.0/112"), "aws", pricing);
    assertThat(reason(allowList, "10.40.2.7")).isEqualTo("--private-cidr 10.40.0.0/16");
    assertThat(allowList.classify(LOCAL, IpAddresses.parse("10.41.0.1")).trafficClass())
        .isEqualTo(TrafficClass.PRIVATE); // RFC 1918, outside both: the pricing module's rule
    assertThat(allowList.classify(LOCAL, IpAddresses.parse("10.41.0.1")).reason())
        .doesNotStartWith("--private-cidr");
  }

  @Test
  void aDeserializedCopyBuildsTheSameLookup() throws Exception {
    PeerClassifier peers =
        new PeerClassifier(prefixes("10.0.0.0/8", "10.1.0.0/16"), "aws", RunPricing.defaults());
    assertThat(reason(peers, "10.1.0.1")).isEqualTo("--private-cidr 10.0.0.0/8");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(peers);
    }
    PeerClassifier copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (PeerClassifier) in.readObject();
    }
    assertThat(reason(copy, "10.1.0.1")).isEqualTo("--private-cidr 10.0.0.0/8");
    assertThat(reason(copy, "10.2.0.1")).isEqualTo("--private-cidr 10.0.0.0/8");
  }
}
