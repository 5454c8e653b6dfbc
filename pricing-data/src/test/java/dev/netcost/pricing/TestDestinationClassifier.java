package dev.netcost.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestDestinationClassifier {
  static final LocalEndpoint AWS_USE1A =
      new LocalEndpoint("aws", "us-east-1", Optional.of("us-east-1a"));

  static InputStream resource(String name) {
    InputStream in = TestDestinationClassifier.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    return in;
  }

  static ProviderRanges smallRanges() {
    try (InputStream aws = resource("aws-ip-ranges-small.json");
        InputStream gcp = resource("gcp-cloud-small.json");
        InputStream azure = resource("azure-service-tags-small.json")) {
      return ProviderRanges.builder()
          .load("aws-ip-ranges-small.json", aws)
          .load("gcp-cloud-small.json", gcp)
          .load("azure-service-tags-small.json", azure)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ClassificationRules kubecostRules() {
    try (InputStream in = resource("kubecost-network-costs-config.yaml")) {
      return ClassificationRules.parse("kubecost-network-costs-config.yaml", in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final DestinationClassifier WITH_RULES =
      new DestinationClassifier(kubecostRules(), smallRanges());
  private static final DestinationClassifier WITHOUT_RULES =
      new DestinationClassifier(ClassificationRules.none(), smallRanges());

  /** class basis peer-provider peer-region peer-zone service ("-" for empty). */
  static String describe(Destination d) {
    return String.join(
        " ",
        d.trafficClass().wireName(),
        d.basis().name(),
        d.peerProvider().orElse("-"),
        d.peerRegion().orElse("-"),
        d.peerZone().orElse("-"),
        d.service().orElse("-"));
  }

  static Stream<Arguments> withKubecostRules() {
    return Stream.of(
        // direct-classification: the peer's zone decides, compared with the local zone
        Arguments.of("10.0.1.5", "same_zone USER_RULE aws us-east-1 us-east-1a -"),
        Arguments.of("10.0.17.5", "cross_zone USER_RULE aws us-east-1 us-east-1b -"),
        Arguments.of("10.0.33.1", "cross_zone USER_RULE aws us-east-1 - -"),
        Arguments.of("10.1.2.3", "cross_region USER_RULE aws us-west-2 us-west-2a -"),
        Arguments.of("fd00:10::1", "same_zone USER_RULE aws us-east-1 us-east-1a -"),
        // direct-classification beats internet, internet beats in-region (Kubecost's order)
        Arguments.of("10.20.99.7", "cross_region USER_RULE aws us-west-2 us-west-2a -"),
        Arguments.of("10.20.99.8", "internet USER_RULE - - - -"),
        Arguments.of("10.20.1.1", "cross_zone USER_RULE aws us-east-1 - -"),
        Arguments.of("10.50.0.1", "cross_region USER_RULE aws - - -"),
        Arguments.of("fd00:50::1", "cross_region USER_RULE aws - - -"),
        Arguments.of("172.16.5.5", "same_zone USER_RULE aws us-east-1 us-east-1a -"),
        Arguments.of("127.0.0.1", "same_zone USER_RULE aws us-east-1 us-east-1a -"),
        Arguments.of("169.254.169.254", "same_zone USER_RULE aws us-east-1 us-east-1a -"),
        // user rules beat provider ranges; the service label still comes from the range
        Arguments.of("18.34.0.10", "internet USER_RULE aws - - aws-s3"),
        // provider ranges
        Arguments.of("3.5.1.1", "cross_region PROVIDER_RANGES aws us-west-2 - aws-ec2"),
        Arguments.of("3.1.2.3", "cross_zone PROVIDER_RANGES aws us-east-1 - aws-amazon"),
        Arguments.of("2600:f0f2:7017::1", "cross_region PROVIDER_RANGES aws us-west-2 - aws-ec2"),
        Arguments.of("2600:1f00::5", "cross_zone PROVIDER_RANGES aws us-east-1 - aws-amazon"),
        Arguments.of("120.52.22.100", "internet PROVIDER_RANGES aws - - aws-cloudfront"),
        // other clouds are internet; google-cloud-services: false turns its label off
        Arguments.of("34.9.1.2", "internet PROVIDER_RANGES gcp us-central1 - -"),
        Arguments.of("2600:1900:4000::1", "internet PROVIDER_RANGES gcp us-central1 - -"),
        Arguments.of("20.42.65.65", "internet PROVIDER_RANGES azure eastus - azure-azuresql"),
        Arguments.of(
            "2603:1030:210::321", "internet PROVIDER_RANGES azure eastus - azure-azuresql"),
        Arguments.of("20.42.1.1", "internet PROVIDER_RANGES azure eastus - azure-azurecloud"),
        // private space not covered by a rule
        Arguments.of("10.99.0.1", "private PRIVATE_RANGE - - - -"),
        Arguments.of("100.64.3.3", "private PRIVATE_RANGE - - - -"),
        Arguments.of("fd00:99::1", "private PRIVATE_RANGE - - - -"),
        Arguments.of("fe80::1", "private PRIVATE_RANGE - - - -"),
        Arguments.of("::1", "private PRIVATE_RANGE - - - -"),
        // not routable
        Arguments.of("224.0.0.251", "unknown NOT_ROUTABLE - - - -"),
        Arguments.of("ff02::1", "unknown NOT_ROUTABLE - - - -"),
        Arguments.of("0.0.0.0", "unknown NOT_ROUTABLE - - - -"),
        // custom services label internet peers
        Arguments.of("203.0.113.9", "internet DEFAULT_INTERNET - - - payments-partner"),
        Arguments.of("2001:db8:77::1", "internet DEFAULT_INTERNET - - - payments-partner"),
        // the rest is internet
        Arguments.of("8.8.8.8", "internet DEFAULT_INTERNET - - - -"),
        Arguments.of("::ffff:8.8.8.8", "internet DEFAULT_INTERNET - - - -"),
        Arguments.of("2606:4700:4700::1111", "internet DEFAULT_INTERNET - - - -"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("withKubecostRules")
  void precedenceWithKubecostRules(String peer, String expected) {
    assertThat(describe(WITH_RULES.classify(AWS_USE1A, peer))).isEqualTo(expected);
  }

  static Stream<Arguments> withoutRules() {
    LocalEndpoint gcp = new LocalEndpoint("gcp", "us-central1", Optional.of("us-central1-a"));
    LocalEndpoint azure = new LocalEndpoint("azure", "westeurope", Optional.of("westeurope-1"));
    LocalEndpoint azureEast = new LocalEndpoint("azure", "eastus", Optional.of("eastus-2"));
    return Stream.of(
        // AWS S3 in the same region is free: priced as same zone; AWS lists the prefix as S3, EC2
        // and AMAZON
        Arguments.of(AWS_USE1A, "18.34.0.10", "same_zone PROVIDER_RANGES aws us-east-1 - aws-s3"),
        Arguments.of(
            AWS_USE1A, "18.97.192.1", "cross_region PROVIDER_RANGES aws eu-west-1 - aws-ec2"),
        Arguments.of(AWS_USE1A, "10.0.1.5", "private PRIVATE_RANGE - - - -"),
        Arguments.of(AWS_USE1A, "169.254.169.254", "private PRIVATE_RANGE - - - -"),
        Arguments.of(
            AWS_USE1A, "34.9.1.2", "internet PROVIDER_RANGES gcp us-central1 - gcp-google-cloud"),
        Arguments.of(
            gcp, "34.9.1.2", "cross_zone PROVIDER_RANGES gcp us-central1 - gcp-google-cloud"),
        Arguments.of(
            gcp,
            "35.204.10.10",
            "cross_region PROVIDER_RANGES gcp europe-west4 - gcp-google-cloud"),
        Arguments.of(
            gcp,
            "2600:1900:4000::1",
            "cross_zone PROVIDER_RANGES gcp us-central1 - gcp-google-cloud"),
        Arguments.of(
            azure,
            "13.69.40.17",
            "cross_zone PROVIDER_RANGES azure westeurope - azure-azurestorage"),
        Arguments.of(
            azure,
            "2603:1020:207::9",
            "cross_zone PROVIDER_RANGES azure westeurope - azure-azurestorage"),
        Arguments.of(
            azureEast,
            "13.69.40.17",
            "cross_region PROVIDER_RANGES azure westeurope - azure-azurestorage"),
        Arguments.of(
            azureEast, "13.107.246.1", "internet PROVIDER_RANGES azure - - azure-azurefrontdoor"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("withoutRules")
  void providerRangesAndPrivateSpaceWithoutRules(
      LocalEndpoint local, String peer, String expected) {
    assertThat(describe(WITHOUT_RULES.classify(local, peer))).isEqualTo(expected);
  }

  @Test
  void directClassificationWithoutALocalZoneIsUnknownNotGuessed() {
    Destination destination =
        WITH_RULES.classify(new LocalEndpoint("aws", "us-east-1", Optional.empty()), "10.0.1.5");
    assertThat(destination.trafficClass()).isEqualTo(TrafficClass.UNKNOWN);
    assertThat(destination.reason())
        .isEqualTo(
            "kubecost-network-costs-config.yaml line 44 destinations.direct-classification[0].ips[0]"
                + " 10.0.0.0/20 (the local zone is unknown)");
  }

  @Test
  void reasonsNameTheRuleOrRange() {
    assertThat(WITH_RULES.classify(AWS_USE1A, "10.20.1.1").reason())
        .isEqualTo(
            "kubecost-network-costs-config.yaml line 19 destinations.in-region[0] 10.20.0.0/16");
    assertThat(WITHOUT_RULES.classify(AWS_USE1A, "2600:f0f2:7017::1").reason())
        .isEqualTo("aws range 2600:f0f2:7017::/48 EC2 us-west-2");
    assertThat(WITHOUT_RULES.classify(AWS_USE1A, "100.64.0.1").reason())
        .isEqualTo("CGNAT (RFC 6598) 100.64.0.0/10");
  }

  @Test
  void rejectsWhatIsNotAnAddress() {
    assertThatThrownBy(() -> WITH_RULES.classify(AWS_USE1A, "example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid IP address: 'example.com'");
    assertThatThrownBy(() -> WITH_RULES.classify(AWS_USE1A, "10.0.0.256"))
        .hasMessage("Invalid IP address: '10.0.0.256'");
    assertThatThrownBy(() -> WITH_RULES.classify(AWS_USE1A, "fe80::1%eth0"))
        .hasMessage("Invalid IP address: 'fe80::1%eth0'");
  }
}
