package dev.netcost.billing;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Google Cloud Billing export rows (standard or detailed table) as BigQuery exports them: nested in
 * Parquet and JSON lines ({@code sku.description}), flattened in CSV ({@code sku.description} or
 * {@code sku_description}; {@code credits} as a JSON array cell).
 *
 * <p>Costs: list = {@code cost_at_list} when exported, else {@code cost}; net = {@code cost} plus
 * the (negative) {@code credits[].amount}. Usage: {@code usage.amount} in {@code usage.unit}
 * (network SKUs meter {@code bytes}).
 */
final class GcpExportParser implements LineParser {
  @Override
  public BillingLine parse(Row row, String sourceFile) {
    BigDecimal cost = row.requiredDecimal("cost");
    BigDecimal credits = BigDecimal.ZERO;
    int index = 0;
    for (Map<String, Object> credit : row.records("credits")) {
      Object amount = credit.get("amount");
      if (amount == null) {
        throw new RowException("credits[" + index + "].amount", "is missing");
      }
      credits = credits.add(Row.parseDecimal("credits[" + index + "].amount", amount.toString()));
      index++;
    }
    BigDecimal list = row.decimal("cost_at_list").orElse(cost);
    BigDecimal usageAmount = row.requiredDecimal("usage.amount", "usage_amount");
    String unit = row.text("usage.unit", "usage_unit").orElse("");
    String skuDescription = row.required("sku.description", "sku_description");
    String service = row.text("service.description", "service_description").orElse("");
    ChargeCategory category =
        switch (row.text("cost_type").orElse("regular").toLowerCase(Locale.ROOT)) {
          case "regular" -> ChargeCategory.USAGE;
          case "tax" -> ChargeCategory.TAX;
          case "adjustment", "rounding_error" -> ChargeCategory.ADJUSTMENT;
          default ->
              throw new RowException(
                  "cost_type", "unknown cost type '" + row.text("cost_type").orElse("") + "'");
        };
    Map<LineAttribute, String> attributes = new EnumMap<>(LineAttribute.class);
    row.text("sku.id", "sku_id").ifPresent(id -> attributes.put(LineAttribute.SKU_ID, id));
    if (!service.isEmpty()) {
      attributes.put(LineAttribute.SERVICE, service);
    }
    row.text("cost_type").ifPresent(type -> attributes.put(LineAttribute.RAW_CHARGE_TYPE, type));
    Optional<String> region =
        row.text("location.region", "location_region").map(value -> value.toLowerCase(Locale.ROOT));
    return new BillingLine(
        BillingProvider.GCP,
        BillingFormat.GCP_BILLING_EXPORT,
        row.required("billing_account_id"),
        row.text("project.id", "project_id"),
        Dates.utcDay("usage_start_time", row.required("usage_start_time")),
        region,
        row.text("location.zone", "location_zone"),
        row.text("resource.global_name", "resource_global_name", "resource.name", "resource_name"),
        skuDescription,
        service.isEmpty() ? skuDescription : service + ": " + skuDescription,
        category,
        usageAmount,
        unit,
        DataUnits.toGib(usageAmount, unit),
        list,
        cost.add(credits),
        Currencies.code("currency", row.required("currency")),
        attributes,
        sourceFile,
        row.row());
  }
}
