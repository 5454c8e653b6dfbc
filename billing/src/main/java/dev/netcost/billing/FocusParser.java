package dev.netcost.billing;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * FOCUS 1.0 to 1.2 rows from any provider (1.3's {@code ServiceProviderName} is accepted for the
 * provider). Net cost is {@code BilledCost} (what the invoice shows; credits are their own {@code
 * Credit} rows), list cost is {@code ListCost} (the billed cost when null). Timestamps may lack
 * {@code T} and {@code Z}; nulls may be the text {@code NULL}. A numeric {@code AvailabilityZone}
 * (the FOCUS sample's Azure rows carry the unit price there) is treated as absent.
 */
final class FocusParser implements LineParser {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE]-?\\d+)?");

  @Override
  public BillingLine parse(Row row, String sourceFile) {
    String providerName = row.required("ProviderName", "ServiceProviderName");
    BillingProvider provider =
        BillingProvider.fromFocusProviderName(providerName)
            .orElseThrow(
                () -> new RowException("ProviderName", "unknown provider '" + providerName + "'"));
    String chargeCategory = row.required("ChargeCategory");
    ChargeCategory category =
        switch (chargeCategory.toLowerCase(Locale.ROOT)) {
          case "usage" -> ChargeCategory.USAGE;
          case "purchase" -> ChargeCategory.PURCHASE;
          case "tax" -> ChargeCategory.TAX;
          case "credit" -> ChargeCategory.CREDIT;
          case "adjustment" -> ChargeCategory.ADJUSTMENT;
          default ->
              throw new RowException(
                  "ChargeCategory", "unknown charge category '" + chargeCategory + "'");
        };
    BigDecimal billed = row.requiredDecimal("BilledCost");
    BigDecimal list = row.decimal("ListCost").orElse(billed);
    Optional<BigDecimal> consumed = row.decimal("ConsumedQuantity");
    BigDecimal quantity;
    String unit;
    if (consumed.isPresent()) {
      quantity = consumed.get();
      unit = row.text("ConsumedUnit").orElse("");
    } else if (row.decimal("PricingQuantity").isPresent()) {
      quantity = row.decimal("PricingQuantity").get();
      unit = row.text("PricingUnit").orElse("");
    } else if (category != ChargeCategory.USAGE) {
      // the spec makes ConsumedQuantity null on purchases, taxes, credits and adjustments
      quantity = BigDecimal.ZERO;
      unit = "";
    } else {
      throw new RowException("ConsumedQuantity", "is missing on a Usage row");
    }
    Map<LineAttribute, String> attributes = new EnumMap<>(LineAttribute.class);
    row.text("x_Operation").ifPresent(value -> attributes.put(LineAttribute.OPERATION, value));
    row.text("x_ServiceCode", "ServiceName")
        .ifPresent(value -> attributes.put(LineAttribute.SERVICE, value));
    row.text("x_SkuMeterCategory")
        .ifPresent(value -> attributes.put(LineAttribute.METER_CATEGORY, value));
    row.text("x_SkuMeterSubcategory")
        .ifPresent(value -> attributes.put(LineAttribute.METER_SUBCATEGORY, value));
    row.text("SkuMeter", "x_SkuMeterName")
        .ifPresent(value -> attributes.put(LineAttribute.METER_NAME, value));
    row.text("SkuId").ifPresent(value -> attributes.put(LineAttribute.SKU_ID, value));
    attributes.put(LineAttribute.RAW_CHARGE_TYPE, chargeCategory);
    Optional<String> region =
        row.text("RegionId")
            .or(() -> row.text("RegionName"))
            .map(value -> value.toLowerCase(Locale.ROOT));
    if (provider == BillingProvider.AZURE) {
      region = region.map(AzureCostDetailsParser::armRegion);
    }
    return new BillingLine(
        provider,
        BillingFormat.FOCUS,
        row.required("BillingAccountId"),
        row.text("SubAccountId"),
        Dates.utcDay("ChargePeriodStart", row.required("ChargePeriodStart")),
        region,
        row.text("AvailabilityZone").filter(zone -> !NUMBER.matcher(zone).matches()),
        row.text("ResourceId"),
        row.text("x_UsageType", "SkuMeter", "x_SkuMeterName", "SkuId").orElse(""),
        row.text("ChargeDescription").orElse(""),
        category,
        quantity,
        unit,
        DataUnits.toGib(quantity, unit),
        list,
        billed,
        Currencies.code("BillingCurrency", row.required("BillingCurrency")),
        attributes,
        sourceFile,
        row.row());
  }
}
