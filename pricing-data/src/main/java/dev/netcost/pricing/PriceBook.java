package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Price sheets as data, plus the user's own sheets and adjustments. See {@code docs/pricing.md}.
 *
 * <p>A sheet is a CSV file with the header {@value #HEADER}:
 *
 * <ul>
 *   <li>{@code item}: a traffic class wire name ({@code same_zone}, {@code cross_zone}, {@code
 *       cross_region}, {@code internet}, {@code private}) or a {@link Surcharge} wire name ({@code
 *       nat_gateway}, {@code vpc_peering}, {@code load_balancer});
 *   <li>{@code peer}: empty (any peer), a peer region ({@code us-east-2}) or a peer continent
 *       ({@code continent:europe}, continents come from the bundled {@code regions.csv});
 *   <li>{@code tier_start_gib}: empty or 0 for a flat price; rows of one key, peer and date with
 *       different starts form a monthly volume ladder (a rate-0 first tier is a free allowance);
 *   <li>{@code rate_per_gib}: price per GiB (2^30 bytes, what clouds bill as "GB" for transfer);
 *   <li>{@code source}: where the price comes from (may contain commas).
 * </ul>
 *
 * <p>A price applies from its {@code effective_from} date until a later row for the same key and
 * peer replaces it. Lookup takes the most specific peer first (region, then continent, then any),
 * then the newest row of that peer in force on the day. Lines starting with {@code #} are comments;
 * {@code # version: X} names the sheet version that every quote carries. The header {@value
 * #LEGACY_HEADER} of the first sheet format is still accepted.
 *
 * <p>Sheets added later shadow earlier ones: a user sheet that defines any row for a (provider,
 * region, item, direction, peer) replaces every bundled row for it.
 */
public final class PriceBook {
  public static final String HEADER =
      "provider,region,item,direction,peer,effective_from,tier_start_gib,rate_per_gib,currency,source";
  public static final String LEGACY_HEADER =
      "provider,region,traffic_class,direction,peer_region,effective_from,usd_per_gib,source";

  static final List<String> BUNDLED_SHEETS =
      List.of("aws-data-transfer.csv", "gcp-data-transfer.csv", "azure-data-transfer.csv");
  static final String REGIONS = "regions.csv";
  static final String REGIONS_HEADER = "provider,region,continent,source";

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern CONTINENT = Pattern.compile("[a-z][a-z_]*");
  private static final String CONTINENT_PREFIX = "continent:";

  private final String version;
  private final Map<Key, List<Entry>> entries;
  private final Map<String, String> continents;
  private final PriceAdjustments adjustments;

  private PriceBook(
      String version,
      Map<Key, List<Entry>> entries,
      Map<String, String> continents,
      PriceAdjustments adjustments) {
    this.version = requireNonNull(version, "version is null");
    this.entries = Map.copyOf(entries);
    this.continents = Map.copyOf(continents);
    this.adjustments = requireNonNull(adjustments, "adjustments is null");
  }

  /** The sheets shipped with netcost (AWS, GCP, Azure) and their region-to-continent table. */
  public static PriceBook bundled() {
    return builder().addBundled().build();
  }

  /** Parses one sheet on its own (no bundled prices); errors name the sheet, line and field. */
  public static PriceBook parse(String sheetName, InputStream in) throws IOException {
    return builder().addSheet(sheetName, in).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The version of the whole book: the sheet versions in load order, then the adjustment sheet's
   * version, joined by {@code +}.
   */
  public String version() {
    return version;
  }

  /**
   * The headline price in force for the query: the flat price, or for a tiered ladder its first
   * non-free tier (the list rate once the free allowance is used up). Use {@link #tiers} and {@link
   * TierAllocator} for month-exact tiered money. Empty when no sheet knows the price: the caller
   * reports the row as unpriced, never as free.
   */
  public Optional<PriceQuote> quote(PriceQuery query) {
    requireNonNull(query, "query is null");
    return tiers(query).map(PriceBook::headline);
  }

  /** The full monthly ladder in force for the query (a single tier for flat prices). */
  public Optional<TierSchedule> tiers(PriceQuery query) {
    requireNonNull(query, "query is null");
    if (query.trafficClass() == TrafficClass.UNKNOWN) {
      return Optional.empty();
    }
    return lookup(
        query.provider(),
        query.region(),
        query.trafficClass().wireName(),
        query.direction(),
        query.peerRegion(),
        query.day());
  }

  /**
   * The per-GiB surcharge in force for bytes passing {@code surcharge} in {@code region} in {@code
   * direction} on {@code day}; empty when no sheet knows it.
   */
  public Optional<PriceQuote> quote(
      Surcharge surcharge,
      String provider,
      String region,
      TransferDirection direction,
      LocalDate day) {
    requireNonNull(surcharge, "surcharge is null");
    return lookup(provider, region, surcharge.wireName(), direction, Optional.empty(), day)
        .map(PriceBook::headline);
  }

  /** The continent of a provider region from the bundled region table, if known. */
  public Optional<String> continentOf(String provider, String region) {
    return Optional.ofNullable(continents.get(provider + "/" + region));
  }

  /** Whether any sheet or the region table knows {@code region} of {@code provider}. */
  public boolean knowsRegion(String provider, String region) {
    if (continents.containsKey(provider + "/" + region)) {
      return true;
    }
    return entries.keySet().stream()
        .anyMatch(key -> key.provider.equals(provider) && key.region.equals(region));
  }

  private static PriceQuote headline(TierSchedule schedule) {
    return new PriceQuote(
        schedule.headlineTier().ratePerGib(),
        schedule.currency(),
        schedule.sheetVersion(),
        schedule.source(),
        schedule.effectiveFrom());
  }

  private Optional<TierSchedule> lookup(
      String provider,
      String region,
      String item,
      TransferDirection direction,
      Optional<String> peerRegion,
      LocalDate day) {
    requireNonNull(provider, "provider is null");
    requireNonNull(region, "region is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(peerRegion, "peerRegion is null");
    requireNonNull(day, "day is null");
    List<Entry> candidates = entries.get(new Key(provider, region, item, direction));
    if (candidates == null) {
      return Optional.empty();
    }
    Optional<String> peerContinent = peerRegion.flatMap(peer -> continentOf(provider, peer));
    List<Peer> levels = new ArrayList<>(3);
    peerRegion.ifPresent(peer -> levels.add(Peer.region(peer)));
    peerContinent.ifPresent(continent -> levels.add(Peer.continent(continent)));
    levels.add(Peer.ANY);
    for (Peer level : levels) {
      Optional<LocalDate> newest =
          candidates.stream()
              .filter(e -> e.peer.equals(level))
              .map(e -> e.effectiveFrom)
              .filter(date -> !date.isAfter(day))
              .max(Comparator.naturalOrder());
      if (newest.isPresent()) {
        List<Entry> ladder =
            candidates.stream()
                .filter(e -> e.peer.equals(level) && e.effectiveFrom.equals(newest.get()))
                .sorted(Comparator.comparing(e -> e.tierStartGib))
                .toList();
        TierSchedule schedule = toSchedule(ladder);
        return Optional.of(adjustments.apply(provider, region, item, direction, day, schedule));
      }
    }
    return Optional.empty();
  }

  private static TierSchedule toSchedule(List<Entry> ladder) {
    List<Tier> tiers = ladder.stream().map(e -> new Tier(e.tierStartGib, e.ratePerGib)).toList();
    Entry headline = ladder.get(0);
    for (Entry entry : ladder) {
      if (entry.ratePerGib.signum() > 0) {
        headline = entry;
        break;
      }
    }
    return new TierSchedule(
        tiers, headline.currency, headline.sheetVersion, headline.source, headline.effectiveFrom);
  }

  private record Key(String provider, String region, String item, TransferDirection direction) {}

  private record Peer(String kind, String value) {
    static final Peer ANY = new Peer("any", "");

    static Peer region(String region) {
      return new Peer("region", region);
    }

    static Peer continent(String continent) {
      return new Peer("continent", continent);
    }
  }

  private record Entry(
      Key key,
      Peer peer,
      LocalDate effectiveFrom,
      BigDecimal tierStartGib,
      BigDecimal ratePerGib,
      String currency,
      String source,
      String sheetVersion,
      String file,
      int line) {}

  /** Collects sheets (later ones shadow earlier ones) and an optional adjustment sheet. */
  public static final class Builder {
    private final Map<Key, Map<Peer, List<Entry>>> entries = new LinkedHashMap<>();
    private final Map<String, String> continents = new HashMap<>();
    private final Set<String> versions = new LinkedHashSet<>();
    private PriceAdjustments adjustments = PriceAdjustments.NONE;

    private Builder() {
      // the region-to-continent table is reference data, not prices: always loaded
      try (InputStream in = resource(REGIONS)) {
        readRegions(REGIONS, in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read bundled region table " + REGIONS, e);
      }
    }

    /** Adds the bundled AWS, GCP and Azure sheets. */
    public Builder addBundled() {
      for (String sheet : BUNDLED_SHEETS) {
        try (InputStream in = resource(sheet)) {
          addSheet(sheet, in);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read bundled price sheet " + sheet, e);
        }
      }
      return this;
    }

    /** Adds a user sheet from a file; its rows shadow earlier rows of the same key and peer. */
    public Builder addSheet(Path path) throws IOException {
      try (InputStream in = Files.newInputStream(path)) {
        return addSheet(path.toString(), in);
      }
    }

    /** Adds a sheet; errors name {@code file}, the line and the field. */
    public Builder addSheet(String file, InputStream in) throws IOException {
      CsvSheet sheet = CsvSheet.read(file, in, List.of(HEADER, LEGACY_HEADER));
      String sheetVersion = sheet.version().orElse(file);
      boolean legacy = sheet.header().equals(LEGACY_HEADER);
      Map<Key, Map<Peer, List<Entry>>> parsed = new LinkedHashMap<>();
      for (CsvSheet.Row row : sheet.rows()) {
        Entry entry = legacy ? legacyEntry(row, sheetVersion) : entry(row, sheetVersion);
        parsed
            .computeIfAbsent(entry.key, k -> new LinkedHashMap<>())
            .computeIfAbsent(entry.peer, p -> new ArrayList<>())
            .add(entry);
      }
      parsed.values().forEach(byPeer -> byPeer.values().forEach(Builder::validateLadders));
      for (Map<Peer, List<Entry>> byPeer : parsed.values()) {
        for (List<Entry> rows : byPeer.values()) {
          Entry first = rows.get(0);
          if (first.peer.kind().equals("continent")
              && !continents.containsValue(first.peer.value())) {
            throw new InvalidInputException(
                first.file,
                first.line,
                "peer",
                "unknown continent '"
                    + first.peer.value()
                    + "' (known: "
                    + String.join(", ", new TreeSet<>(continents.values()))
                    + ")");
          }
        }
      }
      parsed.forEach(
          (key, byPeer) -> entries.computeIfAbsent(key, k -> new LinkedHashMap<>()).putAll(byPeer));
      versions.add(sheetVersion);
      return this;
    }

    /** Sets the adjustment sheet (discounts, private rates); see {@link PriceAdjustments}. */
    public Builder adjustments(PriceAdjustments adjustments) {
      this.adjustments = requireNonNull(adjustments, "adjustments is null");
      return this;
    }

    public PriceBook build() {
      Map<Key, List<Entry>> flat = new HashMap<>();
      entries.forEach(
          (key, byPeer) -> {
            List<Entry> all = new ArrayList<>();
            byPeer.values().forEach(all::addAll);
            flat.put(key, List.copyOf(all));
          });
      List<String> parts = new ArrayList<>(versions);
      adjustments.version().ifPresent(parts::add);
      String version = parts.isEmpty() ? "empty" : String.join("+", parts);
      return new PriceBook(version, flat, continents, adjustments);
    }

    private void readRegions(String file, InputStream in) throws IOException {
      CsvSheet sheet = CsvSheet.read(file, in, List.of(REGIONS_HEADER));
      for (CsvSheet.Row row : sheet.rows()) {
        String provider = name(row, "provider");
        String region = name(row, "region");
        String continent = row.required("continent");
        if (!CONTINENT.matcher(continent).matches()) {
          throw row.error("continent", "invalid continent '" + continent + "'");
        }
        row.required("source");
        if (continents.put(provider + "/" + region, continent) != null) {
          throw row.error("region", "duplicate region " + provider + "/" + region);
        }
      }
    }

    private static Entry entry(CsvSheet.Row row, String sheetVersion) {
      String item = row.required("item");
      validateItem(row, "item", item);
      String peerText = row.field("peer");
      Peer peer;
      if (peerText.isEmpty()) {
        peer = Peer.ANY;
      } else if (peerText.startsWith(CONTINENT_PREFIX)) {
        String continent = peerText.substring(CONTINENT_PREFIX.length());
        if (!CONTINENT.matcher(continent).matches()) {
          throw row.error("peer", "invalid continent '" + continent + "'");
        }
        peer = Peer.continent(continent);
      } else {
        peer = Peer.region(name(row, "peer"));
      }
      String currency = row.required("currency");
      if (!CURRENCY.matcher(currency).matches()) {
        throw row.error("currency", "expected an ISO 4217 code like USD, found '" + currency + "'");
      }
      BigDecimal tierStart =
          row.field("tier_start_gib").isEmpty()
              ? BigDecimal.ZERO
              : row.nonNegativeDecimal("tier_start_gib");
      return new Entry(
          new Key(name(row, "provider"), name(row, "region"), item, direction(row)),
          peer,
          row.date("effective_from"),
          tierStart,
          row.nonNegativeDecimal("rate_per_gib"),
          currency,
          row.required("source"),
          sheetVersion,
          row.file(),
          row.line());
    }

    private static Entry legacyEntry(CsvSheet.Row row, String sheetVersion) {
      String item = row.required("traffic_class");
      validateItem(row, "traffic_class", item);
      String peer = row.field("peer_region");
      return new Entry(
          new Key(name(row, "provider"), name(row, "region"), item, direction(row)),
          peer.isEmpty() ? Peer.ANY : Peer.region(name(row, "peer_region")),
          row.date("effective_from"),
          BigDecimal.ZERO,
          row.nonNegativeDecimal("usd_per_gib"),
          "USD",
          row.required("source"),
          sheetVersion,
          row.file(),
          row.line());
    }

    private static void validateItem(CsvSheet.Row row, String field, String item) {
      for (TrafficClass trafficClass : TrafficClass.values()) {
        if (trafficClass.wireName().equals(item)) {
          if (trafficClass == TrafficClass.UNKNOWN) {
            throw row.error(field, "unknown traffic is never priced");
          }
          return;
        }
      }
      for (Surcharge surcharge : Surcharge.values()) {
        if (surcharge.wireName().equals(item)) {
          return;
        }
      }
      throw row.error(
          field,
          "invalid item '"
              + item
              + "' (expected same_zone, cross_zone, cross_region, internet, private, nat_gateway,"
              + " vpc_peering or load_balancer)");
    }

    private static TransferDirection direction(CsvSheet.Row row) {
      String value = row.required("direction");
      try {
        return TransferDirection.fromWireName(value);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(row.file(), row.line(), "direction", e.getMessage(), e);
      }
    }

    private static String name(CsvSheet.Row row, String field) {
      String value = row.required(field);
      if (!NAME.matcher(value).matches()) {
        throw row.error(field, "invalid name '" + value + "' (lower case letters, digits, '-')");
      }
      return value;
    }

    /** Rows of one key and peer: per effective date, tier starts unique, one at 0, one currency. */
    private static void validateLadders(List<Entry> rows) {
      Map<LocalDate, List<Entry>> byDate = new LinkedHashMap<>();
      rows.forEach(e -> byDate.computeIfAbsent(e.effectiveFrom, d -> new ArrayList<>()).add(e));
      for (List<Entry> ladder : byDate.values()) {
        Set<BigDecimal> starts = new HashSet<>();
        boolean hasZero = false;
        for (Entry entry : ladder) {
          if (!starts.add(entry.tierStartGib.stripTrailingZeros())) {
            throw new InvalidInputException(
                entry.file,
                entry.line,
                "tier_start_gib",
                "duplicate price for "
                    + describe(entry)
                    + " tier starting at "
                    + entry.tierStartGib
                    + " GiB");
          }
          hasZero |= entry.tierStartGib.signum() == 0;
          if (!entry.currency.equals(ladder.get(0).currency)) {
            throw new InvalidInputException(
                entry.file,
                entry.line,
                "currency",
                entry.currency + " differs from " + ladder.get(0).currency + " of the same ladder");
          }
        }
        if (!hasZero) {
          Entry first = ladder.get(0);
          throw new InvalidInputException(
              first.file,
              first.line,
              "tier_start_gib",
              "no tier starting at 0 GiB for " + describe(first));
        }
      }
    }

    private static String describe(Entry entry) {
      return entry.key.provider
          + "/"
          + entry.key.region
          + " "
          + entry.key.item
          + " "
          + entry.key.direction.wireName()
          + (entry.peer.equals(Peer.ANY) ? "" : " peer " + entry.peer.value)
          + " from "
          + entry.effectiveFrom;
    }

    private static InputStream resource(String name) {
      InputStream in = PriceBook.class.getResourceAsStream(name);
      if (in == null) {
        throw new IllegalStateException("Bundled price data is missing: " + name);
      }
      return in;
    }
  }
}
