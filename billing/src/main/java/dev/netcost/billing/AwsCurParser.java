package dev.netcost.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * AWS CUR rows: legacy CSV headers ({@code lineItem/UsageType}), Athena/Parquet legacy and CUR 2.0
 * names ({@code line_item_usage_type}). CUR 2.0 keeps most product attributes in the {@code
 * product} map column (a map in Parquet, a JSON object in CSV); a static {@code product_*} column
 * wins when both exist.
 *
 * <p>Costs: net = {@code NetUnblendedCost} when the export has it, else {@code UnblendedCost}; list
 * = {@code pricing/publicOnDemandCost} for usage lines (the unblended cost when absent), zero for
 * credits, discounts and refunds, which carry their (negative) amount in net only.
 */
final class AwsCurParser implements LineParser {
  @Override
  public BillingLine parse(Row row, String sourceFile) {
    Map<String, String> product = row.map("product");
    String lineItemType = row.required("lineItem/LineItemType", "line_item_line_item_type");
    ChargeCategory category =
        category(
            row.presentName("lineItem/LineItemType", "line_item_line_item_type"), lineItemType);
    LocalDate day =
        Dates.utcDay(
            row.presentName("lineItem/UsageStartDate", "line_item_usage_start_date"),
            row.required("lineItem/UsageStartDate", "line_item_usage_start_date"));
    BigDecimal unblended =
        row.requiredDecimal("lineItem/UnblendedCost", "line_item_unblended_cost");
    BigDecimal net =
        row.decimal("lineItem/NetUnblendedCost", "line_item_net_unblended_cost").orElse(unblended);
    BigDecimal list =
        switch (category) {
          case USAGE, PURCHASE, TAX, ADJUSTMENT ->
              row.decimal("pricing/publicOnDemandCost", "pricing_public_on_demand_cost")
                  .orElse(unblended);
          case CREDIT -> BigDecimal.ZERO;
        };
    BigDecimal usageAmount = row.requiredDecimal("lineItem/UsageAmount", "line_item_usage_amount");
    String unit = row.text("pricing/unit", "pricing_unit").orElse("");
    String usageType = row.text("lineItem/UsageType", "line_item_usage_type").orElse("");

    Map<LineAttribute, String> attributes = new EnumMap<>(LineAttribute.class);
    put(attributes, LineAttribute.RAW_CHARGE_TYPE, Optional.of(lineItemType));
    put(attributes, LineAttribute.OPERATION, row.text("lineItem/Operation", "line_item_operation"));
    put(
        attributes,
        LineAttribute.TRANSFER_TYPE,
        productValue(
            row, product, "product/transferType", "product_transfer_type", "transfer_type"));
    put(
        attributes,
        LineAttribute.FROM_REGION,
        productValue(
            row,
            product,
            "product/fromRegionCode",
            "product_from_region_code",
            "from_region_code"));
    put(
        attributes,
        LineAttribute.TO_REGION,
        productValue(
            row, product, "product/toRegionCode", "product_to_region_code", "to_region_code"));
    put(
        attributes,
        LineAttribute.TO_LOCATION_TYPE,
        productValue(
            row,
            product,
            "product/toLocationType",
            "product_to_location_type",
            "to_location_type"));
    put(
        attributes,
        LineAttribute.PRODUCT_FAMILY,
        productValue(
            row, product, "product/productFamily", "product_product_family", "product_family"));
    put(
        attributes,
        LineAttribute.SERVICE,
        row.text("lineItem/ProductCode", "line_item_product_code"));
    put(
        attributes,
        LineAttribute.SKU_ID,
        productValue(row, product, "product/sku", "product_sku", "sku"));

    Optional<String> region =
        productValue(row, product, "product/region", "product_region_code", "region_code")
            .or(() -> row.text("product/regionCode"))
            .or(() -> Optional.ofNullable(product.get("region")));
    return new BillingLine(
        BillingProvider.AWS,
        BillingFormat.AWS_CUR,
        row.required("bill/PayerAccountId", "bill_payer_account_id"),
        row.text("lineItem/UsageAccountId", "line_item_usage_account_id"),
        day,
        region.map(value -> value.toLowerCase(Locale.ROOT)),
        row.text("lineItem/AvailabilityZone", "line_item_availability_zone"),
        row.text("lineItem/ResourceId", "line_item_resource_id"),
        usageType,
        row.text("lineItem/LineItemDescription", "line_item_line_item_description").orElse(""),
        category,
        usageAmount,
        unit,
        DataUnits.toGib(usageAmount, unit),
        list,
        net,
        Currencies.code(
            row.presentName("lineItem/CurrencyCode", "line_item_currency_code"),
            row.required("lineItem/CurrencyCode", "line_item_currency_code")),
        attributes,
        sourceFile,
        row.row());
  }

  private static Optional<String> productValue(
      Row row, Map<String, String> product, String legacy, String snake, String mapKey) {
    return row.text(legacy, snake)
        .or(() -> Optional.ofNullable(product.get(mapKey)).filter(value -> !value.isBlank()));
  }

  private static void put(
      Map<LineAttribute, String> attributes, LineAttribute key, Optional<String> value) {
    value.ifPresent(text -> attributes.put(key, text));
  }

  /** AWS line item types, mapped to FOCUS charge categories. */
  static ChargeCategory category(String field, String lineItemType) {
    return switch (lineItemType) {
      case "Usage", "DiscountedUsage", "SavingsPlanCoveredUsage" -> ChargeCategory.USAGE;
      case "Tax" -> ChargeCategory.TAX;
      case "Credit",
              "Refund",
              "EdpDiscount",
              "BundledDiscount",
              "PrivateRateDiscount",
              "DistributorDiscount",
              "SavingsPlanNegation",
              "Discount" ->
          ChargeCategory.CREDIT;
      case "Fee", "RIFee", "SavingsPlanUpfrontFee", "SavingsPlanRecurringFee" ->
          ChargeCategory.PURCHASE;
      default -> throw new RowException(field, "unknown line item type '" + lineItemType + "'");
    };
  }
}
