package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Price sheets as data. A sheet is a CSV file with the header {@code
 * provider,region,traffic_class,direction,peer_region,effective_from,usd_per_gib,source}; a price
 * applies from its {@code effective_from} date until a later row for the same key replaces it. An
 * empty {@code peer_region} matches any peer region. Lines starting with {@code #} are comments.
 */
public final class PriceBook {
  private static final String HEADER =
      "provider,region,traffic_class,direction,peer_region,effective_from,usd_per_gib,source";
  private static final String BUNDLED = "aws-data-transfer.csv";

  private final String version;
  private final List<Entry> entries;

  private PriceBook(String version, List<Entry> entries) {
    this.version = requireNonNull(version, "version is null");
    this.entries = List.copyOf(entries);
  }

  /** The sheets shipped with netcost. */
  public static PriceBook bundled() {
    try (InputStream in = PriceBook.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("Bundled price sheet is missing: " + BUNDLED);
      }
      return parse(BUNDLED, in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read bundled price sheet " + BUNDLED, e);
    }
  }

  /** Parses one sheet; errors name the sheet, line and field. */
  public static PriceBook parse(String sheetName, InputStream in) throws IOException {
    List<Entry> entries = new ArrayList<>();
    String version = sheetName;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      boolean header = false;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("#")) {
          String comment = line.substring(1).trim();
          if (comment.startsWith("version:")) {
            version = comment.substring("version:".length()).trim();
          }
          continue;
        }
        if (!header) {
          if (!line.equals(HEADER)) {
            throw new IllegalArgumentException(
                sheetName + " line " + number + ": expected header '" + HEADER + "'");
          }
          header = true;
          continue;
        }
        entries.add(Entry.parse(sheetName, number, line));
      }
    }
    return new PriceBook(version, entries);
  }

  public String version() {
    return version;
  }

  /** The price in force for the query, or empty when the sheet does not know it. */
  public Optional<PriceQuote> quote(PriceQuery query) {
    return entries.stream()
        .filter(e -> e.provider.equals(query.provider()))
        .filter(e -> e.region.equals(query.region()))
        .filter(e -> e.trafficClass == query.trafficClass())
        .filter(e -> e.direction == query.direction())
        .filter(e -> e.peerRegion.isEmpty() || e.peerRegion.equals(query.peerRegion()))
        .filter(e -> !e.effectiveFrom.isAfter(query.day()))
        // the newest effective date wins; a specific peer region beats the wildcard
        .max(
            Comparator.comparing((Entry e) -> e.effectiveFrom)
                .thenComparing(e -> e.peerRegion.isPresent()))
        .map(e -> new PriceQuote(e.usdPerGib, "USD", version, e.source, e.effectiveFrom));
  }

  private record Entry(
      String provider,
      String region,
      TrafficClass trafficClass,
      TransferDirection direction,
      Optional<String> peerRegion,
      LocalDate effectiveFrom,
      BigDecimal usdPerGib,
      String source) {
    static Entry parse(String sheet, int line, String text) {
      String[] f = text.split(",", -1);
      if (f.length != 8) {
        throw new IllegalArgumentException(
            sheet + " line " + line + ": expected 8 fields, found " + f.length);
      }
      String where = sheet + " line " + line + " field ";
      return new Entry(
          nonEmpty(f[0], where + "provider"),
          nonEmpty(f[1], where + "region"),
          parseField(() -> TrafficClass.fromWireName(f[2]), where + "traffic_class"),
          parseField(() -> TransferDirection.fromWireName(f[3]), where + "direction"),
          f[4].isEmpty() ? Optional.empty() : Optional.of(f[4]),
          parseField(() -> LocalDate.parse(f[5]), where + "effective_from"),
          parseField(() -> nonNegative(new BigDecimal(f[6])), where + "usd_per_gib"),
          nonEmpty(f[7], where + "source"));
    }

    private static String nonEmpty(String value, String where) {
      if (value.isEmpty()) {
        throw new IllegalArgumentException(where + " is empty");
      }
      return value;
    }

    private static BigDecimal nonNegative(BigDecimal value) {
      if (value.signum() < 0) {
        throw new IllegalArgumentException("negative price " + value);
      }
      return value;
    }

    private interface Parser<T> {
      T parse();
    }

    private static <T> T parseField(Parser<T> parser, String where) {
      try {
        return parser.parse();
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
  }
}
