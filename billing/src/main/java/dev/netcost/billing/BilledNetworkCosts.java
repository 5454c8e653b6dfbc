package dev.netcost.billing;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Sums the network lines of bills by {@link ReconciliationKey}. */
public final class BilledNetworkCosts {
  private BilledNetworkCosts() {}

  /**
   * Classifies every line and sums the network ones per key, in key order. Lines of one key in two
   * currencies are an error naming both lines.
   *
   * @param perResource keep the bill's resource id in the key (reconcile per node); false folds the
   *     resources of a region together
   */
  public static Map<ReconciliationKey, BilledNetworkCost> aggregate(
      Iterable<BillingLine> lines, boolean perResource) {
    Map<ReconciliationKey, BilledNetworkCost> totals = new TreeMap<>();
    Map<ReconciliationKey, BillingLine> firstLine = new TreeMap<>();
    for (BillingLine line : lines) {
      Optional<NetworkCharge> charge = NetworkClassifier.classify(line);
      if (charge.isEmpty()) {
        continue;
      }
      ReconciliationKey key = ReconciliationKey.of(line, charge.get(), perResource);
      BigDecimal usage =
          line.chargeCategory() == ChargeCategory.USAGE
              ? line.usageGib().orElse(BigDecimal.ZERO)
              : BigDecimal.ZERO;
      BilledNetworkCost previous = totals.get(key);
      if (previous == null) {
        firstLine.put(key, line);
        totals.put(
            key,
            new BilledNetworkCost(key, line.listCost(), line.netCost(), usage, line.currency(), 1));
        continue;
      }
      if (!previous.currency().equals(line.currency())) {
        throw new IllegalArgumentException(
            "Currency mismatch for "
                + key
                + ": "
                + firstLine.get(key).location()
                + " is "
                + previous.currency()
                + ", "
                + line.location()
                + " is "
                + line.currency());
      }
      totals.put(
          key,
          new BilledNetworkCost(
              key,
              previous.listCost().add(line.listCost()),
              previous.netCost().add(line.netCost()),
              previous.usageGib().add(usage),
              previous.currency(),
              previous.lines() + 1));
    }
    return totals;
  }
}
