package dev.netcost.pricing;

import static dev.netcost.pricing.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestProviderRanges {
  /**
   * The shared samples folder: {@code shared/samples/ip-ranges} beside the repository (or an
   * ancestor).
   */
  static Optional<Path> samples() {
    String configured = System.getenv("NETCOST_SAMPLES");
    if (configured != null && !configured.isBlank()) {
      Path candidate = Path.of(configured).resolve("ip-ranges");
      return Files.isDirectory(candidate) ? Optional.of(candidate) : Optional.empty();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/samples/ip-ranges");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
      dir = dir.getParent();
    }
    return Optional.empty();
  }

  private static String describe(ProviderRanges ranges, String address) {
    return ranges
        .lookup(address)
        .map(
            r ->
                r.provider()
                    + " "
                    + r.service()
                    + " "
                    + r.region().orElse("global")
                    + " "
                    + r.prefix())
        .orElse("none");
  }

  @Test
  void realPublishedRangeFiles() throws IOException {
    Optional<Path> samples = samples();
    if ("true".equals(System.getenv("CI")) && samples.isEmpty()) {
      throw new IllegalStateException(
          "CI=true but no shared/samples/ip-ranges found above " + Path.of("").toAbsolutePath());
    }
    assumeTrue(
        samples.isPresent(),
        "skipped: shared/samples/ip-ranges not found beside the repository (a fresh clone);"
            + " the small fixtures in the other tests cover the same formats");
    ProviderRanges ranges =
        ProviderRanges.builder()
            .load(samples.get().resolve("aws-ip-ranges.json"))
            .load(samples.get().resolve("gcp-cloud.json"))
            .load(samples.get().resolve("azure-service-tags.json"))
            .build();
    assertThat(ranges.versions())
        .containsExactly("aws:2025-07-24-20-23-14", "gcp:2025-07-24T19:16:28.780563", "azure:363");
    // AWS lists 18.34.0.0/19 as S3, EC2 and AMAZON: the specific service wins
    assertThat(describe(ranges, "18.34.0.10")).isEqualTo("aws S3 us-east-1 18.34.0.0/19");
    assertThat(describe(ranges, "18.97.192.1")).isEqualTo("aws EC2 eu-west-1 18.97.192.0/18");
    assertThat(describe(ranges, "52.119.252.7"))
        .isEqualTo("aws DYNAMODB us-west-2 52.119.252.0/22");
    assertThat(describe(ranges, "120.52.22.100"))
        .isEqualTo("aws CLOUDFRONT global 120.52.22.96/27");
    assertThat(describe(ranges, "2600:f0f2:7017::1"))
        .isEqualTo("aws S3 us-west-2 2600:f0f2:7017::/48");
    assertThat(describe(ranges, "2a05:d070:b000::5"))
        .isEqualTo("aws S3 eu-central-1 2a05:d070:b000::/40");
    assertThat(describe(ranges, "34.9.1.2")).isEqualTo("gcp Google Cloud us-central1 34.9.0.0/16");
    assertThat(describe(ranges, "35.204.10.10"))
        .isEqualTo("gcp Google Cloud europe-west4 35.204.0.0/16");
    assertThat(describe(ranges, "2600:1900:4000::1"))
        .isEqualTo("gcp Google Cloud us-central1 2600:1900:4000::/44");
    assertThat(describe(ranges, "20.42.65.65")).isEqualTo("azure AzureSQL eastus 20.42.65.64/29");
    assertThat(describe(ranges, "13.69.40.17"))
        .isEqualTo("azure AzureStorage westeurope 13.69.40.16/28");
    assertThat(describe(ranges, "2603:1020:207::9"))
        .isEqualTo("azure AzureStorage westeurope 2603:1020:207::/48");
    assertThat(describe(ranges, "4.156.0.1")).isEqualTo("azure AzureCloud eastus 4.156.0.0/15");
    assertThat(describe(ranges, "8.8.8.8")).isEqualTo("none");
    assertThat(describe(ranges, "2606:4700:4700::1111")).isEqualTo("none");

    // and through the classifier, from a node in us-east-1a
    DestinationClassifier classifier =
        new DestinationClassifier(ClassificationRules.none(), ranges);
    LocalEndpoint local = new LocalEndpoint("aws", "us-east-1", Optional.of("us-east-1a"));
    assertThat(TestDestinationClassifier.describe(classifier.classify(local, "18.34.0.10")))
        .isEqualTo("same_zone PROVIDER_RANGES aws us-east-1 - aws-s3");
    assertThat(TestDestinationClassifier.describe(classifier.classify(local, "2a05:d070:b000::5")))
        .isEqualTo("cross_region PROVIDER_RANGES aws eu-central-1 - aws-s3");
    assertThat(TestDestinationClassifier.describe(classifier.classify(local, "13.69.40.17")))
        .isEqualTo("internet PROVIDER_RANGES azure westeurope - azure-azurestorage");
  }

  @Test
  void smallFixturesCoverTheThreeFormats() {
    ProviderRanges ranges = TestDestinationClassifier.smallRanges();
    assertThat(ranges.versions())
        .containsExactly("aws:2025-07-24-20-23-14", "gcp:2025-07-24T19:16:28.780563", "azure:363");
    assertThat(ranges.size()).isEqualTo(17);
    assertThat(describe(ranges, "18.34.31.255")).isEqualTo("aws S3 us-east-1 18.34.0.0/19");
    assertThat(describe(ranges, "18.34.32.0")).isEqualTo("none");
    assertThat(describe(ranges, "20.42.65.71")).isEqualTo("azure AzureSQL eastus 20.42.65.64/29");
    assertThat(describe(ranges, "20.42.65.72")).isEqualTo("azure AzureCloud eastus 20.42.0.0/17");
    assertThat(describe(ranges, "2603:1030:210::33f"))
        .isEqualTo("azure AzureSQL eastus 2603:1030:210::320/123");
    assertThat(describe(ranges, "2603:1030:210::340"))
        .isEqualTo("azure AzureCloud eastus 2603:1030:210::/47");
    assertThat(describe(ranges, "13.107.246.1"))
        .isEqualTo("azure AzureFrontDoor global 13.107.246.0/24");
  }

  @Test
  void malformedRangeFilesNameFileLineAndField() {
    assertThatThrownBy(
            () ->
                ProviderRanges.builder()
                    .load(
                        "ip-ranges.json",
                        text(
                            "{",
                            "  \"createDate\": \"2025-07-24-20-23-14\",",
                            "  \"prefixes\": [",
                            "    {\"ip_prefix\": \"3.5.0.0/19\", \"region\": \"us-west-2\", \"service\": \"EC2\"},",
                            "    {\"ip_prefix\": \"3.5.0.0/33\", \"region\": \"us-west-2\", \"service\": \"EC2\"}",
                            "  ]",
                            "}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("ip-ranges.json line 5 field ip_prefix: Invalid prefix length in '3.5.0.0/33'");
    assertThatThrownBy(
            () ->
                ProviderRanges.builder()
                    .load(
                        "ip-ranges.json",
                        text(
                            "{",
                            "  \"prefixes\": [",
                            "    {\"ip_prefix\": \"3.5.0.0/19\", \"service\": \"EC2\"}",
                            "  ]",
                            "}")))
        .hasMessage("ip-ranges.json line 3 field region: missing or not a string");
    assertThatThrownBy(
            () ->
                ProviderRanges.builder()
                    .load(
                        "cloud.json",
                        text(
                            "{",
                            "  \"prefixes\": [",
                            "    {\"ipv4Prefix\": \"34.9.0.0/16\",,}",
                            "  ]",
                            "}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "cloud.json line 3 field json: Unexpected character (',' (code 44))");
    assertThatThrownBy(
            () -> ProviderRanges.builder().load("empty.json", text("{\"syncToken\": \"1\"}")))
        .hasMessage(
            "empty.json line 1 field prefixes: no ranges: not an AWS, Google Cloud or Azure range file");
    assertThatThrownBy(
            () ->
                ProviderRanges.builder()
                    .load(
                        "tags.json",
                        text(
                            "{\"changeNumber\": 1, \"cloud\": \"Public\", \"values\": [",
                            "  {\"name\": \"Storage.WestEurope\", \"properties\": {\"region\": \"westeurope\"}}",
                            "]}")))
        .hasMessage("tags.json line 2 field addressPrefixes: missing in tag Storage.WestEurope");
  }
}
