package dev.netcost.billing;

import java.util.Map;
import java.util.Optional;

/**
 * AWS usage-type region prefixes, as checked against product region codes in real CUR rows. A usage
 * type without a prefix ({@code DataTransfer-Out-Bytes}) is us-east-1; eu-west-1 is {@code EU};
 * {@code APS1} is ap-southeast-1 and {@code APS3} ap-south-1 (several public tables get these two
 * wrong).
 */
final class AwsRegions {
  static final String UNPREFIXED_REGION = "us-east-1";

  private static final Map<String, String> PREFIXES =
      Map.ofEntries(
          Map.entry("USE1", "us-east-1"),
          Map.entry("USE2", "us-east-2"),
          Map.entry("USW1", "us-west-1"),
          Map.entry("USW2", "us-west-2"),
          Map.entry("CAN1", "ca-central-1"),
          Map.entry("SAE1", "sa-east-1"),
          Map.entry("AFS1", "af-south-1"),
          Map.entry("APE1", "ap-east-1"),
          Map.entry("APN1", "ap-northeast-1"),
          Map.entry("APN2", "ap-northeast-2"),
          Map.entry("APN3", "ap-northeast-3"),
          Map.entry("APS1", "ap-southeast-1"),
          Map.entry("APS2", "ap-southeast-2"),
          Map.entry("APS3", "ap-south-1"),
          Map.entry("APS4", "ap-southeast-3"),
          Map.entry("APS5", "ap-south-2"),
          Map.entry("APS6", "ap-southeast-4"),
          Map.entry("EU", "eu-west-1"),
          Map.entry("EUW2", "eu-west-2"),
          Map.entry("EUW3", "eu-west-3"),
          Map.entry("EUC1", "eu-central-1"),
          Map.entry("EUC2", "eu-central-2"),
          Map.entry("EUN1", "eu-north-1"),
          Map.entry("EUS1", "eu-south-1"),
          Map.entry("EUS2", "eu-south-2"),
          Map.entry("ILC1", "il-central-1"),
          Map.entry("MEC1", "me-central-1"),
          Map.entry("MES1", "me-south-1"));

  private AwsRegions() {}

  static Optional<String> region(String prefix) {
    return Optional.ofNullable(PREFIXES.get(prefix));
  }
}
