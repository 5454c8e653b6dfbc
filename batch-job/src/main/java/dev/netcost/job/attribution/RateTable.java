package dev.netcost.job.attribution;

import static java.util.Objects.requireNonNull;

import dev.netcost.pricing.PriceBook;
import dev.netcost.pricing.PriceQuery;
import dev.netcost.pricing.PriceQuote;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The prices one night needs, resolved once in the driver from the price book for every region the
 * cluster has, and shipped to the tasks. A missing entry means the sheet does not know the price:
 * the row is unpriced (cost NULL), never zero.
 */
public final class RateTable implements Serializable {
  /** A price per GiB with its provenance. */
  public record Rate(BigDecimal perGib, String currency, String sheetVersion)
      implements Serializable {
    public Rate {
      requireNonNull(perGib, "perGib is null");
      requireNonNull(currency, "currency is null");
      requireNonNull(sheetVersion, "sheetVersion is null");
    }
  }

  private final Map<String, Rate> rates;

  private RateTable(Map<String, Rate> rates) {
    this.rates = Map.copyOf(rates);
  }

  public static RateTable resolve(
      PriceBook book, String provider, Set<String> regions, LocalDate day) {
    Map<String, Rate> rates = new HashMap<>();
    for (String region : regions) {
      for (TrafficClass trafficClass : TrafficClass.values()) {
        for (TransferDirection direction : TransferDirection.values()) {
          for (String peer : regionsAndNone(regions)) {
            Optional<String> peerRegion = Optional.ofNullable(peer);
            book.quote(new PriceQuery(provider, region, trafficClass, direction, peerRegion, day))
                .ifPresent(
                    (PriceQuote quote) ->
                        rates.put(
                            key(region, trafficClass, direction, peer),
                            new Rate(quote.ratePerGib(), quote.currency(), quote.sheetVersion())));
          }
        }
      }
    }
    return new RateTable(rates);
  }

  private static Iterable<String> regionsAndNone(Set<String> regions) {
    java.util.List<String> all = new java.util.ArrayList<>(regions);
    all.add(null);
    return all;
  }

  /** The rate for traffic of {@code trafficClass} from an endpoint in {@code region}, or null. */
  public Rate rate(
      String region, TrafficClass trafficClass, TransferDirection direction, String peerRegion) {
    if (region == null) {
      return null;
    }
    Rate rate =
        peerRegion == null ? null : rates.get(key(region, trafficClass, direction, peerRegion));
    return rate != null ? rate : rates.get(key(region, trafficClass, direction, null));
  }

  private static String key(
      String region, TrafficClass trafficClass, TransferDirection direction, String peer) {
    return region
        + "|"
        + trafficClass.wireName()
        + "|"
        + direction.wireName()
        + "|"
        + (peer == null ? "*" : peer);
  }
}
