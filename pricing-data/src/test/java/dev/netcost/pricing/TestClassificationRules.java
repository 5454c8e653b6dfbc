package dev.netcost.pricing;

import static dev.netcost.pricing.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestClassificationRules {
  private static final LocalEndpoint LOCAL =
      new LocalEndpoint("aws", "us-east-1", Optional.of("us-east-1a"));

  @Test
  void kubecostConfigYamlIsAcceptedAsIs() {
    ClassificationRules rules = TestDestinationClassifier.kubecostRules();
    // accepted as written; the whole-block in-zone entries are flagged, not refused
    assertThat(rules.warnings())
        .containsExactly(
            "kubecost-network-costs-config.yaml line 11 field destinations.in-zone[2]: 172.16.0.0/12"
                + " marks a whole private block as same zone (Kubecost's default, kubecost#820); on a"
                + " multi-zone VPC list subnets per zone under direct-classification instead",
            "kubecost-network-costs-config.yaml line 12 field destinations.in-zone[3]: 192.168.0.0/16"
                + " marks a whole private block as same zone (Kubecost's default, kubecost#820); on a"
                + " multi-zone VPC list subnets per zone under direct-classification instead");
    assertThat(rules.source()).isEqualTo("kubecost-network-costs-config.yaml");
    assertThat(rules.tagsServicesOf("aws")).isTrue();
    assertThat(rules.tagsServicesOf("gcp")).isFalse();
    assertThat(rules.tagsServicesOf("azure")).isTrue();
  }

  @Test
  void helmValuesFileIsAcceptedAsIsWithAWarningForTheDefaultInZoneList() throws Exception {
    ClassificationRules rules;
    try (InputStream in = TestDestinationClassifier.resource("kubecost-values.yaml")) {
      rules = ClassificationRules.parse("values.yaml", in);
    }
    assertThat(rules.warnings())
        .containsExactly(
            "values.yaml line 13 field networkCosts.config.destinations.in-zone[2]: 10.0.0.0/8 marks a"
                + " whole private block as same zone (Kubecost's default, kubecost#820); on a"
                + " multi-zone VPC list subnets per zone under direct-classification instead",
            "values.yaml line 14 field networkCosts.config.destinations.in-zone[3]: 172.16.0.0/12 marks"
                + " a whole private block as same zone (Kubecost's default, kubecost#820); on a"
                + " multi-zone VPC list subnets per zone under direct-classification instead",
            "values.yaml line 15 field networkCosts.config.destinations.in-zone[4]: 192.168.0.0/16"
                + " marks a whole private block as same zone (Kubecost's default, kubecost#820); on a"
                + " multi-zone VPC list subnets per zone under direct-classification instead");
    // accepted as written: the user's file says 10/8 is in zone
    DestinationClassifier classifier =
        new DestinationClassifier(rules, TestDestinationClassifier.smallRanges());
    assertThat(TestDestinationClassifier.describe(classifier.classify(LOCAL, "10.9.9.9")))
        .isEqualTo("same_zone USER_RULE aws us-east-1 us-east-1a -");
  }

  @Test
  void emptyListsAndHostBitsAreFine() throws Exception {
    ClassificationRules rules =
        ClassificationRules.parse(
            "c.yaml",
            text(
                "destinations:",
                "  in-zone:",
                "  in-region: []",
                "  internet: [\"10.1.2.3/16\"]",
                "services: {}"));
    DestinationClassifier classifier = new DestinationClassifier(rules, ProviderRanges.empty());
    assertThat(classifier.classify(LOCAL, "10.1.200.1").trafficClass())
        .isEqualTo(TrafficClass.INTERNET);
    assertThat(classifier.classify(LOCAL, "10.1.200.1").reason())
        .isEqualTo("c.yaml line 4 destinations.internet[0] 10.1.0.0/16");
  }

  @Test
  void malformedConfigsNameFileLineAndField() {
    assertThatThrownBy(
            () ->
                ClassificationRules.parse(
                    "c.yaml", text("destinations:", "  in-zone:", "    - 10.0.0.0/33")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "c.yaml line 3 field destinations.in-zone[0]: Invalid prefix length in '10.0.0.0/33'");
    assertThatThrownBy(
            () -> ClassificationRules.parse("c.yaml", text("destinations:", "  in_zone: []")))
        .hasMessage(
            "c.yaml line 2 field destinations.in_zone: unknown key (expected one of in-zone,"
                + " in-region, cross-region, internet, direct-classification, private)");
    assertThatThrownBy(
            () ->
                ClassificationRules.parse(
                    "c.yaml",
                    text(
                        "destinations:",
                        "  direct-classification:",
                        "    - region: us-east1",
                        "      zone: us-east-1a",
                        "      ips: [10.0.0.0/24]")))
        .hasMessage(
            "c.yaml line 4 field destinations.direct-classification[0].zone: zone 'us-east-1a' is not in"
                + " region 'us-east1'");
    assertThatThrownBy(
            () ->
                ClassificationRules.parse(
                    "c.yaml",
                    text(
                        "destinations:",
                        "  direct-classification:",
                        "    - zone: us-east-1a",
                        "      ips: []")))
        .hasMessage(
            "c.yaml line 3 field destinations.direct-classification[0]: missing region (required)");
    assertThatThrownBy(
            () ->
                ClassificationRules.parse(
                    "c.yaml", text("services:", "  amazon-web-services: yes please")))
        .hasMessage("c.yaml line 2 field services.amazon-web-services: expected true or false");
    assertThatThrownBy(
            () ->
                ClassificationRules.parse(
                    "c.yaml",
                    text(
                        "services:",
                        "  services:",
                        "    - service: x",
                        "      ips: [example.com]")))
        .hasMessage(
            "c.yaml line 4 field services.services[0].ips[0]: Invalid IP address: 'example.com'");
    assertThatThrownBy(
            () ->
                ClassificationRules.parse(
                    "c.yaml", text("destinations:", "  in-zone: [10.0.0.0/8")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("c.yaml line 3 field yaml: ");
    assertThatThrownBy(
            () ->
                ClassificationRules.parse(
                    "c.yaml",
                    text(
                        "destinations:",
                        "  direct-classification:",
                        "    - {region: us-east-1, zone: us-east-1a, ips: [10.0.0.0/24]}",
                        "    - {region: us-east-1, zone: us-east-1b, ips: [10.0.0.0/24]}")))
        .hasMessage(
            "c.yaml line 4 field destinations.direct-classification[1].ips[0]: 10.0.0.0/24 is also"
                + " placed in us-east-1/us-east-1a by c.yaml line 3"
                + " destinations.direct-classification[0].ips[0] 10.0.0.0/24");
    assertThatThrownBy(() -> ClassificationRules.parse("c.yaml", text("# nothing")))
        .hasMessage("c.yaml line 1 field (root): the document is empty");
    assertThatThrownBy(
            () ->
                ClassificationRules.parse("c.yaml", text("destinations:", "  in-zone: 10.0.0.0/8")))
        .hasMessage("c.yaml line 2 field destinations.in-zone: expected a list");
    assertThatThrownBy(
            () -> ClassificationRules.parse("c.yaml", text("destinations: {}", "destinations: {}")))
        .hasMessage("c.yaml line 2 field destinations: duplicate key");
    assertThatThrownBy(
            () -> ClassificationRules.parse("c.yaml", text("networkCosts:", "  enabled: true")))
        .hasMessage("c.yaml line 2 field networkCosts: has no config");
  }
}
