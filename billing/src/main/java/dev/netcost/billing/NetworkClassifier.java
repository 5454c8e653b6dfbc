package dev.netcost.billing;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the network-transfer lines of a bill and says what they charge for.
 *
 * <ul>
 *   <li>AWS (CUR, and FOCUS with {@code x_UsageType}): by usage type, then {@code transferType}.
 *       {@code DataTransfer-Regional-Bytes} and {@code DataTransfer-xAZ-In/Out-Bytes} are
 *       cross-zone (direction from the {@code InterZone-In/Out} operation or the meter); {@code
 *       SRC-DST-AWS-Out/In-Bytes} cross-region (region SRC, peer DST); {@code
 *       DataTransfer-Out/In-Bytes} and CloudFront origin transfer internet; {@code
 *       NatGateway-Bytes} NAT processing; {@code VpcEndpoint-Bytes}, {@code TransitGateway-Bytes}
 *       and {@code VpcPeering-In/Out-Bytes} private.
 *   <li>AWS FOCUS without {@code x_UsageType}: by {@code ChargeDescription} (the AWS price
 *       descriptions).
 *   <li>GCP: by SKU description, old ({@code Network Inter Zone Egress}) and new ({@code Network
 *       Inter Zone Data Transfer Out}) naming.
 *   <li>Azure: by meter category, subcategory and name ({@code Bandwidth}, {@code Virtual
 *       Network}/{@code Peering} and {@code Private Link}, {@code NAT Gateway}); FOCUS rows by
 *       {@code x_SkuMeter*} columns or, without them, the charge description.
 *   <li>OCI (FOCUS): {@code Outbound/Inbound Data Transfer}.
 * </ul>
 *
 * Usage lines count only when billed in a data unit (hourly NAT gateway or endpoint charges are not
 * transfer); credit, tax and adjustment lines count by the same names whatever their unit.
 */
public final class NetworkClassifier {
  private static final Pattern AWS_PREFIX = Pattern.compile("([A-Z]{2,4}\\d?)-(.+)");
  private static final Pattern AWS_INTER_REGION =
      Pattern.compile("([A-Z]{2,4}\\d?)-([A-Z]{2,4}\\d?)-AWS-(In|Out)-Bytes");
  private static final Pattern AWS_USAGE_TYPE_IN_TEXT =
      Pattern.compile(
          "\\b((?:[A-Z]{2,4}\\d?-){0,2}(?:DataTransfer|NatGateway|[A-Z]{2,4}\\d?-AWS)"
              + "-[A-Za-z-]*Bytes)\\b");
  private static final Pattern AWS_DESCRIPTION_TO_REGION =
      Pattern.compile("data transfer to (?!cloudfront)(.+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern AWS_DESCRIPTION_FROM_REGION =
      Pattern.compile("data transfer from (?!cloudfront)(.+)$", Pattern.CASE_INSENSITIVE);

  private NetworkClassifier() {}

  public static Optional<NetworkCharge> classify(BillingLine line) {
    if (line.chargeCategory() == ChargeCategory.USAGE && line.usageGib().isEmpty()) {
      return Optional.empty();
    }
    return switch (line.provider()) {
      case AWS -> aws(line);
      case GCP -> gcp(line.usageType(), line);
      case AZURE -> azure(line);
      case OCI -> oci(line);
    };
  }

  // ---------------------------------------------------------------- AWS

  private static Optional<NetworkCharge> aws(BillingLine line) {
    Optional<NetworkCharge> byUsageType = awsUsageType(line.usageType(), line);
    if (byUsageType.isPresent() || line.format() != BillingFormat.FOCUS) {
      return byUsageType.or(() -> awsTransferType(line));
    }
    return awsDescription(line);
  }

  private static Optional<NetworkCharge> awsUsageType(String usageType, BillingLine line) {
    Matcher interRegion = AWS_INTER_REGION.matcher(usageType);
    if (interRegion.matches()) {
      TransferDirection direction =
          interRegion.group(3).equals("Out") ? TransferDirection.EGRESS : TransferDirection.INGRESS;
      return Optional.of(
          new NetworkCharge(
              ChargeKind.TRANSFER,
              TrafficClass.CROSS_REGION,
              Optional.of(direction),
              AwsRegions.region(interRegion.group(1)).or(line::region),
              AwsRegions.region(interRegion.group(2))
                  .or(
                      () ->
                          line.attribute(
                              direction == TransferDirection.EGRESS
                                  ? LineAttribute.TO_REGION
                                  : LineAttribute.FROM_REGION))));
    }
    // no prefix means us-east-1; a prefix we do not know leaves the region to the product
    String meter = usageType;
    Optional<String> prefixRegion = Optional.of(AwsRegions.UNPREFIXED_REGION);
    Matcher prefixed = AWS_PREFIX.matcher(usageType);
    if (prefixed.matches()) {
      meter = prefixed.group(2);
      prefixRegion = AwsRegions.region(prefixed.group(1));
    }
    Optional<String> meterRegion = prefixRegion;
    Optional<String> region = line.region().or(() -> meterRegion);
    Optional<TransferDirection> operationDirection = awsOperationDirection(line);
    return switch (meter) {
      case "DataTransfer-Regional-Bytes" ->
          Optional.of(transfer(TrafficClass.CROSS_ZONE, operationDirection, region));
      case "DataTransfer-xAZ-In-Bytes" ->
          Optional.of(
              transfer(TrafficClass.CROSS_ZONE, Optional.of(TransferDirection.INGRESS), region));
      case "DataTransfer-xAZ-Out-Bytes" ->
          Optional.of(
              transfer(TrafficClass.CROSS_ZONE, Optional.of(TransferDirection.EGRESS), region));
      case "DataTransfer-Out-Bytes", "CloudFront-Out-Bytes", "DataTransfer-Out-ABytes" ->
          Optional.of(
              transfer(TrafficClass.INTERNET, Optional.of(TransferDirection.EGRESS), region));
      case "DataTransfer-In-Bytes", "CloudFront-In-Bytes", "DataTransfer-In-ABytes" ->
          Optional.of(
              transfer(TrafficClass.INTERNET, Optional.of(TransferDirection.INGRESS), region));
      case "NatGateway-Bytes" ->
          Optional.of(
              new NetworkCharge(
                  ChargeKind.NAT_GATEWAY,
                  TrafficClass.INTERNET,
                  Optional.empty(),
                  region,
                  Optional.empty()));
      case "VpcEndpoint-Bytes", "TransitGateway-Bytes" ->
          Optional.of(transfer(TrafficClass.PRIVATE, Optional.empty(), region));
      case "VpcPeering-In-Bytes" ->
          Optional.of(
              transfer(TrafficClass.PRIVATE, Optional.of(TransferDirection.INGRESS), region));
      case "VpcPeering-Out-Bytes" ->
          Optional.of(
              transfer(TrafficClass.PRIVATE, Optional.of(TransferDirection.EGRESS), region));
      default -> Optional.empty();
    };
  }

  private static Optional<TransferDirection> awsOperationDirection(BillingLine line) {
    String operation = line.attribute(LineAttribute.OPERATION).orElse("");
    String transferType = line.attribute(LineAttribute.TRANSFER_TYPE).orElse("");
    if (operation.endsWith("-In") || transferType.endsWith("-In")) {
      return Optional.of(TransferDirection.INGRESS);
    }
    if (operation.endsWith("-Out") || transferType.endsWith("-Out")) {
      return Optional.of(TransferDirection.EGRESS);
    }
    return Optional.empty();
  }

  /** Usage types we do not know by name, but whose product says they are data transfer. */
  private static Optional<NetworkCharge> awsTransferType(BillingLine line) {
    Optional<String> transferType = line.attribute(LineAttribute.TRANSFER_TYPE);
    if (transferType.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> region = line.region().or(() -> line.attribute(LineAttribute.FROM_REGION));
    return switch (transferType.get()) {
      case "IntraRegion" ->
          Optional.of(transfer(TrafficClass.CROSS_ZONE, awsOperationDirection(line), region));
      case "IntraRegion-xAZ-In" ->
          Optional.of(
              transfer(TrafficClass.CROSS_ZONE, Optional.of(TransferDirection.INGRESS), region));
      case "IntraRegion-xAZ-Out" ->
          Optional.of(
              transfer(TrafficClass.CROSS_ZONE, Optional.of(TransferDirection.EGRESS), region));
      case "InterRegion Outbound" ->
          Optional.of(
              new NetworkCharge(
                  ChargeKind.TRANSFER,
                  TrafficClass.CROSS_REGION,
                  Optional.of(TransferDirection.EGRESS),
                  region,
                  line.attribute(LineAttribute.TO_REGION)));
      case "InterRegion Inbound" ->
          Optional.of(
              new NetworkCharge(
                  ChargeKind.TRANSFER,
                  TrafficClass.CROSS_REGION,
                  Optional.of(TransferDirection.INGRESS),
                  region,
                  line.attribute(LineAttribute.TO_REGION)));
      case "AWS Outbound" ->
          Optional.of(
              transfer(TrafficClass.INTERNET, Optional.of(TransferDirection.EGRESS), region));
      case "AWS Inbound" ->
          Optional.of(
              transfer(TrafficClass.INTERNET, Optional.of(TransferDirection.INGRESS), region));
      default -> Optional.empty();
    };
  }

  /** FOCUS rows from AWS without {@code x_UsageType}: the price description names the meter. */
  private static Optional<NetworkCharge> awsDescription(BillingLine line) {
    String description = line.description();
    Matcher usageType = AWS_USAGE_TYPE_IN_TEXT.matcher(description);
    if (usageType.find()) {
      Optional<NetworkCharge> named = awsUsageType(usageType.group(1), line);
      if (named.isPresent()) {
        return named;
      }
    }
    String text = description.toLowerCase(Locale.ROOT);
    Optional<String> region = line.region();
    if (text.contains("data processed by nat gateway")) {
      return Optional.of(
          new NetworkCharge(
              ChargeKind.NAT_GATEWAY,
              TrafficClass.INTERNET,
              Optional.empty(),
              region,
              Optional.empty()));
    }
    if (text.contains("regional data transfer")) {
      return Optional.of(transfer(TrafficClass.CROSS_ZONE, Optional.empty(), region));
    }
    if (text.contains("to cloudfront")) {
      return Optional.of(
          transfer(TrafficClass.INTERNET, Optional.of(TransferDirection.EGRESS), region));
    }
    if (text.contains("from cloudfront")) {
      return Optional.of(
          transfer(TrafficClass.INTERNET, Optional.of(TransferDirection.INGRESS), region));
    }
    Matcher to = AWS_DESCRIPTION_TO_REGION.matcher(description);
    if (to.find()) {
      return Optional.of(
          new NetworkCharge(
              ChargeKind.TRANSFER,
              TrafficClass.CROSS_REGION,
              Optional.of(TransferDirection.EGRESS),
              region,
              Optional.empty()));
    }
    Matcher from = AWS_DESCRIPTION_FROM_REGION.matcher(description);
    if (from.find()) {
      return Optional.of(
          new NetworkCharge(
              ChargeKind.TRANSFER,
              TrafficClass.CROSS_REGION,
              Optional.of(TransferDirection.INGRESS),
              region,
              Optional.empty()));
    }
    if (text.contains("data transfer out")) {
      return Optional.of(
          transfer(TrafficClass.INTERNET, Optional.of(TransferDirection.EGRESS), region));
    }
    if (text.contains("data transfer in")) {
      return Optional.of(
          transfer(TrafficClass.INTERNET, Optional.of(TransferDirection.INGRESS), region));
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- GCP

  private static Optional<NetworkCharge> gcp(String skuDescription, BillingLine line) {
    String text = skuDescription.toLowerCase(Locale.ROOT).replace('-', ' ');
    Optional<String> region = line.region();
    if ((text.contains("nat gateway") || text.contains("cloud nat"))
        && text.contains("data processing")) {
      return Optional.of(
          new NetworkCharge(
              ChargeKind.NAT_GATEWAY,
              TrafficClass.INTERNET,
              Optional.empty(),
              region,
              Optional.empty()));
    }
    boolean egress = text.contains("egress") || text.contains("data transfer out");
    boolean ingress = text.contains("ingress") || text.contains("data transfer in ");
    if (!text.startsWith("network") || !(egress || ingress)) {
      return Optional.empty();
    }
    Optional<TransferDirection> direction =
        Optional.of(egress ? TransferDirection.EGRESS : TransferDirection.INGRESS);
    TrafficClass trafficClass;
    if (text.contains("inter zone")) {
      trafficClass = TrafficClass.CROSS_ZONE;
    } else if (text.contains("intra zone")) {
      trafficClass = TrafficClass.SAME_ZONE;
    } else if (text.contains("inter region")) {
      trafficClass = TrafficClass.CROSS_REGION;
    } else if (text.contains("interconnect") || text.contains("vpn")) {
      trafficClass = TrafficClass.PRIVATE;
    } else if (text.contains("internet")
        || text.contains("carrier peering")
        || text.contains("google egress")
        || text.contains("google data transfer")) {
      trafficClass = TrafficClass.INTERNET;
    } else {
      return Optional.empty();
    }
    return Optional.of(transfer(trafficClass, direction, region));
  }

  // ---------------------------------------------------------------- Azure

  private static Optional<NetworkCharge> azure(BillingLine line) {
    Optional<String> category = line.attribute(LineAttribute.METER_CATEGORY);
    if (category.isEmpty()) {
      // FOCUS without x_SkuMeter* columns: the description is "category - subcategory - name"
      return azureMeter(line.description(), line.description(), line.description(), line);
    }
    return azureMeter(
        category.get(),
        line.attribute(LineAttribute.METER_SUBCATEGORY).orElse(""),
        line.attribute(LineAttribute.METER_NAME).orElse(""),
        line);
  }

  private static Optional<NetworkCharge> azureMeter(
      String category, String subcategory, String name, BillingLine line) {
    String categoryText = category.toLowerCase(Locale.ROOT);
    String subcategoryText = subcategory.toLowerCase(Locale.ROOT);
    String nameText = name.toLowerCase(Locale.ROOT);
    Optional<String> region = line.region();
    Optional<TransferDirection> direction = Optional.empty();
    if (nameText.contains("egress") || nameText.contains("data transfer out")) {
      direction = Optional.of(TransferDirection.EGRESS);
    } else if (nameText.contains("ingress") || nameText.contains("data transfer in")) {
      direction = Optional.of(TransferDirection.INGRESS);
    }
    if (categoryText.startsWith("nat gateway")) {
      if (nameText.contains("data processed")) {
        return Optional.of(
            new NetworkCharge(
                ChargeKind.NAT_GATEWAY,
                TrafficClass.INTERNET,
                Optional.empty(),
                region,
                Optional.empty()));
      }
      return Optional.empty();
    }
    if (categoryText.startsWith("bandwidth")
        || nameText.contains("standard data transfer out")
        || nameText.startsWith("rtn preference")) {
      if (subcategoryText.contains("inter-region")
          || subcategoryText.contains("inter region")
          || nameText.contains("inter continent")
          || nameText.contains("intra continent")
          || nameText.contains("inter-region")) {
        return Optional.of(transfer(TrafficClass.CROSS_REGION, direction, region));
      }
      if (nameText.contains("availability zone") || nameText.contains("inter zone")) {
        return Optional.of(transfer(TrafficClass.CROSS_ZONE, direction, region));
      }
      if (nameText.contains("data transfer")) {
        return Optional.of(transfer(TrafficClass.INTERNET, direction, region));
      }
      return Optional.empty();
    }
    if (categoryText.startsWith("virtual network")) {
      if (subcategoryText.contains("peering")) {
        boolean global = nameText.contains("inter-region") || nameText.contains("global");
        return Optional.of(
            transfer(global ? TrafficClass.CROSS_REGION : TrafficClass.PRIVATE, direction, region));
      }
      if (subcategoryText.contains("private link") && nameText.contains("data processed")) {
        return Optional.of(transfer(TrafficClass.PRIVATE, direction, region));
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- OCI

  private static Optional<NetworkCharge> oci(BillingLine line) {
    String text = line.description().toLowerCase(Locale.ROOT);
    if (text.contains("outbound data transfer")) {
      return Optional.of(
          transfer(TrafficClass.INTERNET, Optional.of(TransferDirection.EGRESS), line.region()));
    }
    if (text.contains("inbound data transfer")) {
      return Optional.of(
          transfer(TrafficClass.INTERNET, Optional.of(TransferDirection.INGRESS), line.region()));
    }
    return Optional.empty();
  }

  private static NetworkCharge transfer(
      TrafficClass trafficClass, Optional<TransferDirection> direction, Optional<String> region) {
    return new NetworkCharge(
        ChargeKind.TRANSFER, trafficClass, direction, region, Optional.empty());
  }
}
