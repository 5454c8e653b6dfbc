package dev.netcost.demo;

import static java.util.Objects.requireNonNull;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the generator knows a cloud would meter: bytes per day, instance, class, direction and peer
 * region, summed from the rows it writes (each row's sent bytes leave its node, received bytes
 * arrive at it). {@link BillGenerator} turns them into bill lines.
 */
public final class BillUsage {
  /** One metered quantity. {@code peerRegion} is set for cross-region traffic only. */
  public record Meter(
      LocalDate date,
      String region,
      String zone,
      String instanceId,
      TrafficClass trafficClass,
      TransferDirection direction,
      Optional<String> peerRegion) {
    public Meter {
      requireNonNull(date, "date is null");
      requireNonNull(region, "region is null");
      requireNonNull(zone, "zone is null");
      requireNonNull(instanceId, "instanceId is null");
      requireNonNull(trafficClass, "trafficClass is null");
      requireNonNull(direction, "direction is null");
      requireNonNull(peerRegion, "peerRegion is null");
    }
  }

  static final Comparator<Meter> ORDER =
      Comparator.comparing(Meter::date)
          .thenComparing(Meter::region)
          .thenComparing(Meter::instanceId)
          .thenComparing(Meter::trafficClass)
          .thenComparing(Meter::direction)
          .thenComparing(meter -> meter.peerRegion().orElse(""));

  private final Map<Meter, Long> bytes = new TreeMap<>(ORDER);

  /** Adds one flow row of a node: its sent bytes as egress, its received bytes as ingress. */
  void add(
      LocalDate date,
      String region,
      String zone,
      String instanceId,
      TrafficClass trafficClass,
      String peerRegion,
      long sentBytes,
      long receivedBytes) {
    Optional<String> peer =
        trafficClass == TrafficClass.CROSS_REGION
            ? Optional.ofNullable(peerRegion)
            : Optional.empty();
    add(
        new Meter(date, region, zone, instanceId, trafficClass, TransferDirection.EGRESS, peer),
        sentBytes);
    add(
        new Meter(date, region, zone, instanceId, trafficClass, TransferDirection.INGRESS, peer),
        receivedBytes);
  }

  /** Adds bytes of a meter (also for instances outside the cluster). */
  public void add(Meter meter, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count is negative: " + count);
    }
    if (count > 0) {
      bytes.merge(meter, count, Long::sum);
    }
  }

  /** The meters in date, region, instance, class, direction order. */
  public Map<Meter, Long> bytes() {
    return java.util.Collections.unmodifiableMap(bytes);
  }
}
