package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Optional;

/**
 * What one reconciliation row covers: a UTC day, a provider, a charge kind and traffic class, the
 * billed direction (empty when the bill does not say, then both directions count), a region and,
 * where the bill names it, a resource (an instance id, a VMSS).
 */
public record ReconciliationKey(
    LocalDate day,
    BillingProvider provider,
    ChargeKind kind,
    TrafficClass trafficClass,
    Optional<TransferDirection> direction,
    Optional<String> region,
    Optional<String> resourceId)
    implements Comparable<ReconciliationKey> {
  private static final Comparator<ReconciliationKey> ORDER =
      Comparator.comparing(ReconciliationKey::day)
          .thenComparing(ReconciliationKey::provider)
          .thenComparing(ReconciliationKey::kind)
          .thenComparing(ReconciliationKey::trafficClass)
          .thenComparing(key -> key.direction().map(Enum::ordinal).orElse(-1))
          .thenComparing(key -> key.region().orElse(""))
          .thenComparing(key -> key.resourceId().orElse(""));

  public ReconciliationKey {
    requireNonNull(day, "day is null");
    requireNonNull(provider, "provider is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(trafficClass, "trafficClass is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(region, "region is null");
    requireNonNull(resourceId, "resourceId is null");
  }

  /** The key of a classified line; {@code perResource} false folds all resources of a region. */
  public static ReconciliationKey of(BillingLine line, NetworkCharge charge, boolean perResource) {
    return new ReconciliationKey(
        line.usageDay(),
        line.provider(),
        charge.kind(),
        charge.trafficClass(),
        charge.direction(),
        charge.region(),
        perResource ? line.resourceId() : Optional.empty());
  }

  @Override
  public int compareTo(ReconciliationKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return day
        + "/"
        + provider.wireName()
        + "/"
        + kind.wireName()
        + "/"
        + trafficClass.wireName()
        + "/"
        + direction.map(TransferDirection::wireName).orElse("both")
        + "/"
        + region.orElse("-")
        + "/"
        + resourceId.orElse("-");
  }
}
