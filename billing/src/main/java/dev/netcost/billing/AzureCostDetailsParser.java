package dev.netcost.billing;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Azure Cost Management cost details: EA (PascalCase) and MCA (camelCase); column names match
 * case-insensitively. Cost is {@code CostInBillingCurrency}, or {@code Cost} in older EA exports,
 * or {@code PreTaxCost}; list is {@code paygCostInBillingCurrency}, else {@code PayGPrice} times
 * {@code Quantity}, else the cost. Dates: {@code 09/21/2023}, {@code 9/2/2023} (month first) or
 * ISO. Regions are ARM names: lower case without spaces ({@code CentralUS} → {@code centralus}).
 */
final class AzureCostDetailsParser implements LineParser {
  @Override
  public BillingLine parse(Row row, String sourceFile) {
    BigDecimal cost =
        row.requiredDecimal("CostInBillingCurrency", "Cost", "PreTaxCost", "costInBillingCurrency");
    BigDecimal quantity = row.requiredDecimal("Quantity", "UsageQuantity");
    BigDecimal list =
        row.decimal("paygCostInBillingCurrency")
            .or(() -> row.decimal("PayGPrice").map(price -> price.multiply(quantity)))
            .orElse(cost);
    String chargeType = row.text("ChargeType").orElse("Usage");
    ChargeCategory category =
        switch (chargeType.toLowerCase(Locale.ROOT)) {
          case "usage", "unusedreservation", "unusedsavingsplan" -> ChargeCategory.USAGE;
          case "purchase" -> ChargeCategory.PURCHASE;
          case "refund", "credit" -> ChargeCategory.CREDIT;
          case "tax" -> ChargeCategory.TAX;
          case "adjustment", "roundingadjustment" -> ChargeCategory.ADJUSTMENT;
          default ->
              throw new RowException("ChargeType", "unknown charge type '" + chargeType + "'");
        };
    if (category == ChargeCategory.CREDIT) {
      list = BigDecimal.ZERO;
    }
    String unit = row.text("UnitOfMeasure").orElse("");
    Optional<String> meterCategory = row.text("MeterCategory");
    Optional<String> meterSubcategory = row.text("MeterSubCategory", "MeterSubcategory");
    Optional<String> meterName = row.text("MeterName");
    Map<LineAttribute, String> attributes = new EnumMap<>(LineAttribute.class);
    meterCategory.ifPresent(value -> attributes.put(LineAttribute.METER_CATEGORY, value));
    meterSubcategory.ifPresent(value -> attributes.put(LineAttribute.METER_SUBCATEGORY, value));
    meterName.ifPresent(value -> attributes.put(LineAttribute.METER_NAME, value));
    row.text("MeterId").ifPresent(value -> attributes.put(LineAttribute.SKU_ID, value));
    row.text("ConsumedService").ifPresent(value -> attributes.put(LineAttribute.SERVICE, value));
    attributes.put(LineAttribute.RAW_CHARGE_TYPE, chargeType);
    String description =
        String.join(
            " - ",
            java.util.stream.Stream.of(meterCategory, meterSubcategory, meterName)
                .flatMap(Optional::stream)
                .toList());
    return new BillingLine(
        BillingProvider.AZURE,
        BillingFormat.AZURE_COST_DETAILS,
        row.required("BillingAccountId", "BillingProfileId"),
        row.text("SubscriptionId", "SubscriptionGuid"),
        Dates.utcDay("Date", row.required("Date", "UsageDateTime")),
        row.text("ResourceLocationNormalized", "ResourceLocation", "location")
            .map(AzureCostDetailsParser::armRegion),
        row.text("AvailabilityZone"),
        row.text("ResourceId", "InstanceId"),
        meterName.orElse(""),
        description,
        category,
        quantity,
        unit,
        DataUnits.toGib(quantity, unit),
        list,
        cost,
        Currencies.code(
            "BillingCurrencyCode",
            row.required("BillingCurrencyCode", "BillingCurrency", "Currency")),
        attributes,
        sourceFile,
        row.row());
  }

  static String armRegion(String location) {
    return location.replace(" ", "").toLowerCase(Locale.ROOT);
  }
}
