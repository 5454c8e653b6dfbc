package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * The bill's network lines for one key, summed exactly.
 *
 * @param listCost the public price of the usage lines
 * @param netCost what the invoice charges: usage lines' net cost plus credit and discount lines
 * @param usageGib the usage lines' quantity in GiB (credits add no bytes; corrections may subtract)
 * @param lines how many bill lines were summed
 */
public record BilledNetworkCost(
    ReconciliationKey key,
    BigDecimal listCost,
    BigDecimal netCost,
    BigDecimal usageGib,
    String currency,
    long lines) {
  public BilledNetworkCost {
    requireNonNull(key, "key is null");
    requireNonNull(listCost, "listCost is null");
    requireNonNull(netCost, "netCost is null");
    requireNonNull(usageGib, "usageGib is null");
    requireNonNull(currency, "currency is null");
  }

  /** Nothing billed for a key that flows estimate (the bill has no such line). */
  public static BilledNetworkCost nothing(ReconciliationKey key, String currency) {
    return new BilledNetworkCost(
        key, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, currency, 0);
  }
}
