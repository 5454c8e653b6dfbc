package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One line of a cloud bill, in the same shape whatever the export format.
 *
 * <p>Money: {@code listCost} is the public (on-demand) price of the usage; {@code netCost} is what
 * the line adds to the invoice after discounts and credits that the export puts on the line itself
 * (GCP credits, AWS {@code NetUnblendedCost}). Credits that the export writes as separate lines
 * (AWS EDP discounts and credits, FOCUS {@code Credit} rows) are their own lines with {@link
 * ChargeCategory#CREDIT}, a list cost of zero and a negative net cost.
 *
 * <p>Usage: {@code usageAmount} and {@code usageUnit} as billed; {@code usageGib} is the same
 * quantity in GiB (2^30 bytes) when the unit is a data size (see {@link DataUnits}), else empty.
 *
 * @param usageDay the UTC day the usage started
 * @param sourceRow the 1-based data row in the source (CSV record after the header, JSON line,
 *     Parquet record)
 */
public record BillingLine(
    BillingProvider provider,
    BillingFormat format,
    String billingAccount,
    Optional<String> subAccount,
    LocalDate usageDay,
    Optional<String> region,
    Optional<String> availabilityZone,
    Optional<String> resourceId,
    String usageType,
    String description,
    ChargeCategory chargeCategory,
    BigDecimal usageAmount,
    String usageUnit,
    Optional<BigDecimal> usageGib,
    BigDecimal listCost,
    BigDecimal netCost,
    String currency,
    Map<LineAttribute, String> attributes,
    String sourceFile,
    long sourceRow) {
  public BillingLine {
    requireNonNull(provider, "provider is null");
    requireNonNull(format, "format is null");
    requireNonNull(billingAccount, "billingAccount is null");
    requireNonNull(subAccount, "subAccount is null");
    requireNonNull(usageDay, "usageDay is null");
    requireNonNull(region, "region is null");
    requireNonNull(availabilityZone, "availabilityZone is null");
    requireNonNull(resourceId, "resourceId is null");
    requireNonNull(usageType, "usageType is null");
    requireNonNull(description, "description is null");
    requireNonNull(chargeCategory, "chargeCategory is null");
    requireNonNull(usageAmount, "usageAmount is null");
    requireNonNull(usageUnit, "usageUnit is null");
    requireNonNull(usageGib, "usageGib is null");
    requireNonNull(listCost, "listCost is null");
    requireNonNull(netCost, "netCost is null");
    requireNonNull(currency, "currency is null");
    requireNonNull(attributes, "attributes is null");
    requireNonNull(sourceFile, "sourceFile is null");
    if (currency.length() != 3) {
      throw new IllegalArgumentException("Invalid currency: " + currency);
    }
    if (sourceRow < 1) {
      throw new IllegalArgumentException("sourceRow is not positive: " + sourceRow);
    }
    EnumMap<LineAttribute, String> copy = new EnumMap<>(LineAttribute.class);
    copy.putAll(attributes);
    attributes = Collections.unmodifiableMap(copy);
  }

  public Optional<String> attribute(LineAttribute attribute) {
    return Optional.ofNullable(attributes.get(attribute));
  }

  /** Where the line came from, for messages: {@code file row N}. */
  public String location() {
    return sourceFile + " row " + sourceRow;
  }
}
