package dev.netcost.job.attribution;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Money;
import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.NetworkPaths;
import dev.netcost.pricing.PriceBook;
import dev.netcost.pricing.PriceQuery;
import dev.netcost.pricing.PriceQuote;
import dev.netcost.pricing.TierSchedule;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices one attributed flow row (docs/data-contract.md §4): rates from the price book for both
 * directions (and the peer side's for in-cluster peers), the attribution policy for every class but
 * internet egress, and the surcharges of the network paths (NAT gateway, VPC peering, load
 * balancer) for peers outside the cluster. Internet egress is tiered: its money is allocated per
 * billing scope and day by the job ({@link dev.netcost.pricing.TierAllocator}), so a priced
 * internet row leaves its tier part out here ({@link Priced#tierPending}).
 *
 * <p>One instance per task: quotes are memoised (a flow partition needs a handful of distinct
 * ones), so pricing a row is a few hash lookups.
 */
public final class RowPricer {
  private final PriceBook book;
  private final NetworkPaths paths;
  private final AttributionPolicy policy;
  private final String provider;
  private final LocalDate day;
  private final Map<String, Optional<PriceQuote>> quotes = new HashMap<>();
  private final Map<String, Optional<TierSchedule>> ladders = new HashMap<>();

  public RowPricer(RunPricing pricing, String provider, LocalDate day) {
    requireNonNull(pricing, "pricing is null");
    this.book = pricing.book();
    this.paths = pricing.paths();
    this.policy = pricing.policy();
    this.provider = requireNonNull(provider, "provider is null");
    this.day = requireNonNull(day, "day is null");
  }

  /**
   * A priced row: the rates used (the local side's; {@code egressRate} is null for internet rows
   * until the tier allocation sets the day's blended rate) and the row's money at scale 9.
   */
  public record Priced(
      BigDecimal egressRate,
      BigDecimal ingressRate,
      BigDecimal egressCost,
      BigDecimal ingressCost,
      String currency,
      String sheetVersion,
      boolean tierPending) {
    public Priced {
      requireNonNull(ingressRate, "ingressRate is null");
      requireNonNull(egressCost, "egressCost is null");
      requireNonNull(ingressCost, "ingressCost is null");
      requireNonNull(currency, "currency is null");
      requireNonNull(sheetVersion, "sheetVersion is null");
    }
  }

  /** Prices {@code part}; empty when any price it needs is unknown (the row is unpriced). */
  public Optional<Priced> price(
      FlowAttributor.Part part, String localIp, String peerIp, String snatIp, String peerPreNatIp) {
    TrafficClass trafficClass = part.trafficClass();
    Owner local = part.local();
    if (trafficClass == TrafficClass.UNKNOWN || local == null || local.region() == null) {
      return Optional.empty();
    }
    String region = local.region();
    boolean peerInCluster = part.peer() != null;
    String peerRegion =
        peerInCluster ? part.peer().region() : part.destination().peerRegion().orElse(null);

    BigDecimal egressCost;
    BigDecimal ingressCost;
    BigDecimal egressRate;
    BigDecimal ingressRate;
    String currency;
    String sheetVersion;
    boolean tierPending = trafficClass == TrafficClass.INTERNET;
    if (tierPending) {
      Optional<TierSchedule> ladder = ladder(region);
      Optional<PriceQuote> ingress = quote(region, trafficClass, TransferDirection.INGRESS, null);
      if (ladder.isEmpty() || ingress.isEmpty()) {
        return Optional.empty();
      }
      egressRate = null;
      ingressRate = ingress.get().ratePerGib();
      egressCost = zero();
      ingressCost = Money.cost(part.receivedBytes(), ingressRate);
      currency = ladder.get().currency();
      sheetVersion = ladder.get().sheetVersion();
    } else {
      Optional<PriceQuote> egress =
          quote(region, trafficClass, TransferDirection.EGRESS, peerRegion);
      Optional<PriceQuote> ingress =
          quote(region, trafficClass, TransferDirection.INGRESS, peerRegion);
      if (egress.isEmpty() || ingress.isEmpty()) {
        return Optional.empty();
      }
      AttributionPolicy.Rates rates;
      if (peerInCluster) {
        Optional<PriceQuote> peerEgress =
            quote(peerRegion, trafficClass, TransferDirection.EGRESS, region);
        Optional<PriceQuote> peerIngress =
            quote(peerRegion, trafficClass, TransferDirection.INGRESS, region);
        if (peerEgress.isEmpty() || peerIngress.isEmpty()) {
          return Optional.empty();
        }
        rates =
            new AttributionPolicy.Rates(
                egress.get().ratePerGib(),
                ingress.get().ratePerGib(),
                peerEgress.get().ratePerGib(),
                peerIngress.get().ratePerGib());
      } else {
        rates =
            AttributionPolicy.Rates.external(egress.get().ratePerGib(), ingress.get().ratePerGib());
      }
      AttributionPolicy.RowCost cost =
          policy.cost(part.sentBytes(), part.receivedBytes(), rates, peerInCluster);
      egressRate = egress.get().ratePerGib();
      ingressRate = ingress.get().ratePerGib();
      egressCost = cost.egressCost();
      ingressCost = cost.ingressCost();
      currency = egress.get().currency();
      sheetVersion = egress.get().sheetVersion();
    }

    if (!peerInCluster && !paths.isEmpty()) { // (no addresses parsed when no path is configured)
      List<NetworkPaths.PathCharge> charges =
          paths.charges(
              NetworkPaths.FlowPath.of(
                  Optional.empty(),
                  localIp,
                  peerIp,
                  Optional.ofNullable(snatIp),
                  Optional.ofNullable(peerPreNatIp)),
              part.destination());
      for (NetworkPaths.PathCharge charge : charges) {
        Optional<PriceQuote> out = surcharge(charge, TransferDirection.EGRESS);
        Optional<PriceQuote> in = surcharge(charge, TransferDirection.INGRESS);
        if (out.isEmpty() || in.isEmpty()) {
          return Optional.empty();
        }
        egressCost = egressCost.add(Money.cost(part.sentBytes(), out.get().ratePerGib()));
        ingressCost = ingressCost.add(Money.cost(part.receivedBytes(), in.get().ratePerGib()));
      }
    }
    return Optional.of(
        new Priced(
            egressRate, ingressRate, egressCost, ingressCost, currency, sheetVersion, tierPending));
  }

  /** The internet egress ladder of {@code region} in force on the day. */
  public Optional<TierSchedule> ladder(String region) {
    return ladders.computeIfAbsent(
        region,
        r ->
            book.tiers(
                new PriceQuery(
                    provider,
                    r,
                    TrafficClass.INTERNET,
                    TransferDirection.EGRESS,
                    Optional.empty(),
                    day)));
  }

  private Optional<PriceQuote> quote(
      String region, TrafficClass trafficClass, TransferDirection direction, String peerRegion) {
    if (region == null) {
      return Optional.empty();
    }
    // internet prices do not depend on where the peer is
    String peer = trafficClass == TrafficClass.INTERNET ? null : peerRegion;
    String key = region + "|" + trafficClass.wireName() + "|" + direction.wireName() + "|" + peer;
    return quotes.computeIfAbsent(
        key,
        k ->
            book.quote(
                new PriceQuery(
                    provider, region, trafficClass, direction, Optional.ofNullable(peer), day)));
  }

  private Optional<PriceQuote> surcharge(
      NetworkPaths.PathCharge charge, TransferDirection direction) {
    String key =
        charge.surcharge().wireName()
            + "|"
            + charge.provider()
            + "|"
            + charge.region()
            + "|"
            + direction.wireName();
    return quotes.computeIfAbsent(
        key,
        k -> book.quote(charge.surcharge(), charge.provider(), charge.region(), direction, day));
  }

  private static BigDecimal zero() {
    return Money.zero();
  }
}
