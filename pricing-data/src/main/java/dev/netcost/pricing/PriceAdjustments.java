package dev.netcost.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Per-rate overrides on top of the sheets: enterprise discounts and private rates. A CSV file with
 * the header {@value #HEADER}:
 *
 * <ul>
 *   <li>{@code provider}, {@code region}, {@code item}, {@code direction}: a value or {@code *};
 *   <li>{@code effective_from} (inclusive) and optional {@code effective_until} (exclusive);
 *   <li>{@code adjustment}: {@code discount_percent} (every tier's rate times {@code (100 - value)
 *       / 100}, exact) or {@code rate} (a flat rate per GiB that replaces the ladder);
 *   <li>{@code reason}: free text (a contract reference), kept in the quote's source.
 * </ul>
 *
 * <p>The most specific matching line (fewest {@code *}) wins; between equally specific lines, the
 * later line wins. A {@code # version: X} comment is required: every adjusted quote carries {@code
 * <sheet version>+X} so a priced row says which contract terms it used.
 */
public final class PriceAdjustments {
  public static final String HEADER =
      "provider,region,item,direction,effective_from,effective_until,adjustment,value,reason";

  static final PriceAdjustments NONE = new PriceAdjustments(Optional.empty(), List.of());

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final Optional<String> version;
  private final List<Adjustment> adjustments;

  private PriceAdjustments(Optional<String> version, List<Adjustment> adjustments) {
    this.version = version;
    this.adjustments = List.copyOf(adjustments);
  }

  public static PriceAdjustments none() {
    return NONE;
  }

  public static PriceAdjustments load(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return parse(path.toString(), in);
    }
  }

  public static PriceAdjustments parse(String file, InputStream in) throws IOException {
    CsvSheet sheet = CsvSheet.read(file, in, List.of(HEADER));
    if (sheet.version().isEmpty()) {
      throw new InvalidInputException(
          file, 1, "version", "missing '# version: <name>' comment naming these contract terms");
    }
    List<Adjustment> adjustments = new ArrayList<>();
    for (CsvSheet.Row row : sheet.rows()) {
      adjustments.add(Adjustment.parse(row));
    }
    return new PriceAdjustments(sheet.version(), adjustments);
  }

  public Optional<String> version() {
    return version;
  }

  TierSchedule apply(
      String provider,
      String region,
      String item,
      TransferDirection direction,
      LocalDate day,
      TierSchedule schedule) {
    Adjustment best = null;
    for (Adjustment adjustment : adjustments) {
      if (adjustment.matches(provider, region, item, direction, day)
          && (best == null || adjustment.specificity() >= best.specificity())) {
        best = adjustment;
      }
    }
    if (best == null) {
      return schedule;
    }
    BigDecimal value = best.value;
    List<Tier> tiers =
        switch (best.kind) {
          case DISCOUNT_PERCENT -> {
            BigDecimal factor = HUNDRED.subtract(value).divide(HUNDRED);
            yield schedule.tiers().stream()
                .map(t -> new Tier(t.startGib(), t.ratePerGib().multiply(factor)))
                .toList();
          }
          case RATE -> List.of(new Tier(BigDecimal.ZERO, value));
        };
    return new TierSchedule(
        tiers,
        schedule.currency(),
        schedule.sheetVersion() + "+" + version.orElseThrow(),
        schedule.source() + "; adjusted: " + best.reason,
        schedule.effectiveFrom().isAfter(best.from) ? schedule.effectiveFrom() : best.from);
  }

  private enum Kind {
    DISCOUNT_PERCENT,
    RATE
  }

  private record Adjustment(
      String provider,
      String region,
      String item,
      String direction,
      LocalDate from,
      Optional<LocalDate> until,
      Kind kind,
      BigDecimal value,
      String reason) {
    static Adjustment parse(CsvSheet.Row row) {
      String item = row.required("item");
      if (!item.equals("*")) {
        boolean known =
            Arrays.stream(TrafficClass.values())
                    .anyMatch(c -> c != TrafficClass.UNKNOWN && c.wireName().equals(item))
                || Arrays.stream(Surcharge.values()).anyMatch(s -> s.wireName().equals(item));
        if (!known) {
          throw row.error("item", "invalid item '" + item + "'");
        }
      }
      String direction = row.required("direction");
      if (!direction.equals("*")) {
        try {
          TransferDirection.fromWireName(direction);
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(row.file(), row.line(), "direction", e.getMessage(), e);
        }
      }
      LocalDate from = row.date("effective_from");
      Optional<LocalDate> until = row.optionalDate("effective_until");
      if (until.isPresent() && !until.get().isAfter(from)) {
        throw row.error("effective_until", until.get() + " is not after effective_from " + from);
      }
      String adjustment = row.required("adjustment");
      Kind kind;
      switch (adjustment) {
        case "discount_percent" -> kind = Kind.DISCOUNT_PERCENT;
        case "rate" -> kind = Kind.RATE;
        default ->
            throw row.error(
                "adjustment",
                "invalid adjustment '" + adjustment + "' (expected discount_percent or rate)");
      }
      BigDecimal value = row.nonNegativeDecimal("value");
      if (kind == Kind.DISCOUNT_PERCENT && value.compareTo(HUNDRED) > 0) {
        throw row.error("value", "discount_percent is over 100: " + value);
      }
      return new Adjustment(
          row.required("provider"),
          row.required("region"),
          item,
          direction,
          from,
          until,
          kind,
          value,
          row.required("reason"));
    }

    boolean matches(
        String provider, String region, String item, TransferDirection direction, LocalDate day) {
      return matches(this.provider, provider)
          && matches(this.region, region)
          && matches(this.item, item)
          && matches(this.direction, direction.wireName())
          && !day.isBefore(from)
          && until.map(day::isBefore).orElse(true);
    }

    int specificity() {
      int count = 0;
      for (String field : List.of(provider, region, item, direction)) {
        if (!field.equals("*")) {
          count++;
        }
      }
      return count;
    }

    private static boolean matches(String pattern, String value) {
      return pattern.equals("*") || pattern.equals(value);
    }
  }

  @Override
  public String toString() {
    return "PriceAdjustments[" + version.orElse("none") + ", " + adjustments.size() + " lines]";
  }
}
