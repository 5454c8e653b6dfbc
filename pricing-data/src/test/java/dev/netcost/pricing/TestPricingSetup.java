package dev.netcost.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPricingSetup {
  @TempDir Path dir;

  private Path copy(String resource) throws Exception {
    Path target = dir.resolve(resource);
    try (InputStream in = TestDestinationClassifier.resource(resource)) {
      Files.copy(in, target);
    }
    return target;
  }

  @Test
  void loadsEveryUserFile() throws Exception {
    Path sheet = dir.resolve("private.csv");
    Files.writeString(
        sheet,
        "# version: acme-1\n"
            + PriceBook.HEADER
            + "\naws,us-east-1,internet,egress,,2026-01-01,,0.05,USD,contract 42\n");
    Path adjustments = dir.resolve("discounts.csv");
    Files.writeString(
        adjustments,
        "# version: edp-1\n"
            + PriceAdjustments.HEADER
            + "\ngcp,*,*,*,2026-01-01,,discount_percent,10,EDP\n");
    Path paths = dir.resolve("network-paths.yaml");
    Files.writeString(
        paths,
        "nat-gateways:\n  - {name: nat, provider: aws, region: us-east-1, node-pools: [general]}\n");
    PricingSetup setup =
        PricingSetup.load(
            new PricingSetup.Files(
                List.of(sheet),
                Optional.of(adjustments),
                Optional.of(copy("kubecost-values.yaml")),
                List.of(copy("aws-ip-ranges-small.json"), copy("azure-service-tags-small.json")),
                Optional.of(paths),
                AttributionPolicy.SPLIT));
    assertThat(setup.book().version())
        .isEqualTo("aws-2026-11-26+gcp-2026-11-26+azure-2026-11-26+acme-1+edp-1");
    assertThat(setup.rangeVersions()).containsExactly("aws:2025-07-24-20-23-14", "azure:363");
    assertThat(setup.warnings()).hasSize(4);
    assertThat(setup.warnings().subList(0, 3)).allMatch(w -> w.contains("kubecost#820"));
    // a NAT gateway with node pools only never applies in the nightly job: the setup says so
    assertThat(setup.warnings().get(3))
        .isEqualTo(
            paths
                + " line 2 field nat-gateways[0].node-pools: NAT gateway nat matches by node-pools"
                + " only, and the nightly job knows no node pools (network_flows has none): it"
                + " never applies; give it subnets or nat-ips");
    assertThat(setup.policy()).isEqualTo(AttributionPolicy.SPLIT);
    assertThat(
            setup
                .classifier()
                .classify(
                    new LocalEndpoint("aws", "us-east-1", Optional.of("us-east-1a")), "3.5.1.1")
                .peerRegion())
        .contains("us-west-2");
  }

  @Test
  void defaultsWarnAboutMissingRanges() throws Exception {
    PricingSetup setup = PricingSetup.load(PricingSetup.Files.defaults());
    assertThat(setup.book().version()).isEqualTo("aws-2026-11-26+gcp-2026-11-26+azure-2026-11-26");
    assertThat(setup.warnings())
        .containsExactly(
            "no provider range files: public peers of AWS, GCP and Azure are classified as internet"
                + " and carry no service label");
  }

  @Test
  void aBrokenFileFailsWithItsName() throws Exception {
    Path paths = dir.resolve("network-paths.yaml");
    Files.writeString(paths, "nat-gateways:\n  - {name: nat, provider: aws, region: us-east-1}\n");
    assertThatThrownBy(
            () ->
                PricingSetup.load(
                    new PricingSetup.Files(
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        Optional.of(paths),
                        AttributionPolicy.SENDER_PAYS)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            paths
                + " line 2 field nat-gateways[0]: a NAT gateway needs node-pools, subnets or nat-ips to match flows");
  }
}
