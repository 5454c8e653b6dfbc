package dev.netcost.pricing;

import static dev.netcost.pricing.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.contract.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestNetworkPaths {
  private static final LocalEndpoint LOCAL =
      new LocalEndpoint("aws", "us-east-1", Optional.of("us-east-1a"));
  private static final DestinationClassifier CLASSIFIER =
      new DestinationClassifier(
          ClassificationRules.none(), TestDestinationClassifier.smallRanges());

  private static NetworkPaths paths() throws Exception {
    return NetworkPaths.parse(
        "network-paths.yaml",
        text(
            "nat-gateways:",
            "  - name: nat-use1a",
            "    provider: aws",
            "    region: us-east-1",
            "    node-pools: [general]",
            "    subnets: [10.0.0.0/20, 'fd00:10::/56']",
            "    nat-ips: [54.12.34.56]",
            "    bypass: [18.34.0.0/19]",
            "vpc-peerings:",
            "  - name: shared-services",
            "    provider: azure",
            "    region: eastus",
            "    cidrs: [10.200.0.0/16]",
            "load-balancers:",
            "  - name: public-ingress",
            "    provider: azure",
            "    region: eastus",
            "    ips: [20.1.2.3]"));
  }

  private static List<String> charges(NetworkPaths paths, NetworkPaths.FlowPath path) {
    Destination destination = CLASSIFIER.classify(LOCAL, path.peerIp());
    return paths.charges(path, destination).stream()
        .map(
            c ->
                c.surcharge().wireName()
                    + ":"
                    + c.component()
                    + "@"
                    + c.provider()
                    + "/"
                    + c.region())
        .toList();
  }

  @Test
  void natGatewayMatchesByNodePoolSubnetOrNatIp() throws Exception {
    NetworkPaths paths = paths();
    // internet-bound from a node pool behind the NAT
    assertThat(
            charges(
                paths,
                NetworkPaths.FlowPath.of(
                    Optional.of("general"),
                    "10.9.0.5",
                    "8.8.8.8",
                    Optional.empty(),
                    Optional.empty())))
        .containsExactly("nat_gateway:nat-use1a@aws/us-east-1");
    // by local subnet (IPv6 too)
    assertThat(
            charges(
                paths,
                NetworkPaths.FlowPath.of(
                    Optional.of("gpu"),
                    "fd00:10::7",
                    "2606:4700:4700::1111",
                    Optional.empty(),
                    Optional.empty())))
        .containsExactly("nat_gateway:nat-use1a@aws/us-east-1");
    // by SNAT address recorded by the collector
    assertThat(
            charges(
                paths,
                NetworkPaths.FlowPath.of(
                    Optional.empty(),
                    "10.9.0.5",
                    "8.8.8.8",
                    Optional.of("54.12.34.56"),
                    Optional.empty())))
        .containsExactly("nat_gateway:nat-use1a@aws/us-east-1");
    // AWS service in another region over public addresses: through the NAT as well
    assertThat(
            charges(
                paths,
                NetworkPaths.FlowPath.of(
                    Optional.of("general"),
                    "10.0.0.5",
                    "3.5.1.1",
                    Optional.empty(),
                    Optional.empty())))
        .containsExactly("nat_gateway:nat-use1a@aws/us-east-1");
  }

  @Test
  void noNatForPrivatePeersBypassedPrefixesOrOtherPools() throws Exception {
    NetworkPaths paths = paths();
    assertThat(
            charges(
                paths,
                NetworkPaths.FlowPath.of(
                    Optional.of("general"),
                    "10.0.0.5",
                    "10.99.0.1",
                    Optional.empty(),
                    Optional.empty())))
        .isEmpty();
    assertThat(
            charges(
                paths,
                NetworkPaths.FlowPath.of(
                    Optional.of("general"),
                    "10.0.0.5",
                    "18.34.0.10",
                    Optional.empty(),
                    Optional.empty())))
        .isEmpty();
    assertThat(
            charges(
                paths,
                NetworkPaths.FlowPath.of(
                    Optional.of("gpu"),
                    "10.9.0.5",
                    "8.8.8.8",
                    Optional.of("52.1.1.1"),
                    Optional.empty())))
        .isEmpty();
    assertThat(
            charges(
                NetworkPaths.none(),
                NetworkPaths.FlowPath.of(
                    Optional.of("general"),
                    "10.0.0.5",
                    "8.8.8.8",
                    Optional.empty(),
                    Optional.empty())))
        .isEmpty();
  }

  @Test
  void peeringAndLoadBalancer() throws Exception {
    NetworkPaths paths = paths();
    assertThat(
            charges(
                paths,
                NetworkPaths.FlowPath.of(
                    Optional.empty(),
                    "10.9.0.5",
                    "10.200.1.1",
                    Optional.empty(),
                    Optional.empty())))
        .containsExactly("vpc_peering:shared-services@azure/eastus");
    assertThat(
            charges(
                paths,
                NetworkPaths.FlowPath.of(
                    Optional.empty(),
                    "10.9.0.5",
                    "198.51.100.7",
                    Optional.empty(),
                    Optional.of("20.1.2.3"))))
        .containsExactly("load_balancer:public-ingress@azure/eastus");
  }

  @Test
  void natProcessingIsPricedOnBothDirections() throws Exception {
    PriceBook book = PriceBook.bundled();
    LocalDate day = LocalDate.parse("2026-11-20");
    NetworkPaths.PathCharge nat =
        paths()
            .charges(
                NetworkPaths.FlowPath.of(
                    Optional.of("general"),
                    "10.0.0.5",
                    "8.8.8.8",
                    Optional.empty(),
                    Optional.empty()),
                CLASSIFIER.classify(LOCAL, "8.8.8.8"))
            .get(0);
    BigDecimal egress =
        book.quote(nat.surcharge(), nat.provider(), nat.region(), TransferDirection.EGRESS, day)
            .orElseThrow()
            .ratePerGib();
    BigDecimal ingress =
        book.quote(nat.surcharge(), nat.provider(), nat.region(), TransferDirection.INGRESS, day)
            .orElseThrow()
            .ratePerGib();
    long sent = 3L << 30;
    long received = 10L << 30;
    // 3 GiB out and 10 GiB in through the NAT: 13 GiB processed at 0.045
    assertThat(Money.cost(sent, egress).add(Money.cost(received, ingress)))
        .isEqualByComparingTo("0.585000000");
  }

  /** The nightly job prices with no node pool (network_flows has none): the file is told so. */
  @Test
  void nodePoolsAreWarnedAboutAsTheNightlyJobHasNone() throws Exception {
    assertThat(paths().warnings())
        .containsExactly(
            "network-paths.yaml line 5 field nat-gateways[0].node-pools: ignored by the nightly job,"
                + " which knows no node pools (network_flows has none): NAT gateway nat-use1a"
                + " matches by its subnets and nat-ips only");
    NetworkPaths poolsOnly =
        NetworkPaths.parse(
            "p.yaml",
            text(
                "nat-gateways:",
                "  - name: nat-general",
                "    provider: aws",
                "    region: us-east-1",
                "    node-pools: [general]"));
    assertThat(poolsOnly.warnings())
        .containsExactly(
            "p.yaml line 5 field nat-gateways[0].node-pools: NAT gateway nat-general matches by"
                + " node-pools only, and the nightly job knows no node pools (network_flows has"
                + " none): it never applies; give it subnets or nat-ips");
    // with a node pool it would apply; as the job calls it (no node pool) it does not
    assertThat(
            charges(
                poolsOnly,
                NetworkPaths.FlowPath.of(
                    Optional.of("general"),
                    "10.9.0.5",
                    "8.8.8.8",
                    Optional.empty(),
                    Optional.empty())))
        .containsExactly("nat_gateway:nat-general@aws/us-east-1");
    assertThat(
            charges(
                poolsOnly,
                NetworkPaths.FlowPath.of(
                    Optional.empty(), "10.9.0.5", "8.8.8.8", Optional.empty(), Optional.empty())))
        .isEmpty();
    assertThat(NetworkPaths.none().warnings()).isEmpty();
  }

  @Test
  void malformedPathConfigsNameFileLineAndField() {
    assertThatThrownBy(
            () ->
                NetworkPaths.parse(
                    "p.yaml",
                    text(
                        "nat-gateways:",
                        "  - name: n",
                        "    provider: aws",
                        "    region: us-east-1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "p.yaml line 2 field nat-gateways[0]: a NAT gateway needs node-pools, subnets or nat-ips to match flows");
    assertThatThrownBy(
            () ->
                NetworkPaths.parse(
                    "p.yaml",
                    text(
                        "nat-gateways:",
                        "  - name: n",
                        "    provider: aws",
                        "    region: us-east-1",
                        "    nat-ips: [54.12.34.356]")))
        .hasMessage(
            "p.yaml line 5 field nat-gateways[0].nat-ips[0]: Invalid IP address: '54.12.34.356'");
    assertThatThrownBy(
            () ->
                NetworkPaths.parse(
                    "p.yaml",
                    text(
                        "vpc-peerings:",
                        "  - name: p",
                        "    provider: aws",
                        "    cidrs: [10.0.0.0/8]")))
        .hasMessage("p.yaml line 2 field vpc-peerings[0]: missing region");
    assertThatThrownBy(
            () ->
                NetworkPaths.parse(
                    "p.yaml",
                    text(
                        "load-balancers:",
                        "  - name: lb",
                        "    provider: Azure",
                        "    region: eastus",
                        "    ips: [20.1.2.3]")))
        .hasMessage(
            "p.yaml line 3 field load-balancers[0].provider: invalid name 'Azure' (lower case letters, digits, '-')");
    assertThatThrownBy(() -> NetworkPaths.parse("p.yaml", text("nat_gateways: []")))
        .hasMessage(
            "p.yaml line 1 field nat_gateways: unknown key (expected one of nat-gateways, vpc-peerings, load-balancers)");
  }
}
