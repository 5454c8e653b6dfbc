package dev.netcost.job.attribution;

import static java.util.Objects.requireNonNull;

import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.pricing.ClassificationRules;
import dev.netcost.pricing.DestinationClassifier;
import dev.netcost.pricing.NetworkPaths;
import dev.netcost.pricing.PriceAdjustments;
import dev.netcost.pricing.PriceBook;
import dev.netcost.pricing.PricingSetup;
import dev.netcost.pricing.ProviderRanges;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run's pricing ({@link PricingSetup}: price book, destination classifier, network paths,
 * attribution policy) in a form Spark can ship to the tasks. The pricing module's objects are not
 * serializable, so this holds the bytes of the user's files, read once in the driver, and each JVM
 * that receives a copy (by broadcast) rebuilds the setup from those bytes once, under the same file
 * names, so it is the setup the driver validated. The driver's own copy uses the setup it loaded.
 */
public final class RunPricing implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A user file's name (as given on the command line) and content. */
  private record NamedBytes(String name, byte[] content) implements Serializable {}

  private final List<NamedBytes> sheets;
  private final NamedBytes adjustments; // nullable
  private final NamedBytes classificationRules; // nullable
  private final List<NamedBytes> providerRanges;
  private final NamedBytes networkPaths; // nullable
  private final AttributionPolicy policy;
  private transient volatile PricingSetup setup;

  private RunPricing(
      List<NamedBytes> sheets,
      NamedBytes adjustments,
      NamedBytes classificationRules,
      List<NamedBytes> providerRanges,
      NamedBytes networkPaths,
      AttributionPolicy policy,
      PricingSetup setup) {
    this.sheets = List.copyOf(sheets);
    this.adjustments = adjustments;
    this.classificationRules = classificationRules;
    this.providerRanges = List.copyOf(providerRanges);
    this.networkPaths = networkPaths;
    this.policy = requireNonNull(policy, "policy is null");
    this.setup = setup;
  }

  /** Bundled prices, no user rules or ranges, sender pays. */
  public static RunPricing defaults() {
    return load(PricingSetup.Files.defaults());
  }

  /**
   * Reads and validates the user's files once: any malformed file fails here with an {@code
   * InvalidInputException} naming its file, line and field (an {@link IllegalArgumentException}, so
   * the command line exits 1); an unreadable file is an {@link UncheckedIOException}.
   */
  public static RunPricing load(PricingSetup.Files files) {
    requireNonNull(files, "files is null");
    try {
      List<NamedBytes> sheets = new ArrayList<>();
      for (Path path : files.sheets()) {
        sheets.add(read(path));
      }
      List<NamedBytes> ranges = new ArrayList<>();
      for (Path path : files.providerRanges()) {
        ranges.add(read(path));
      }
      NamedBytes adjustments = readOptional(files.adjustments());
      NamedBytes rules = readOptional(files.classificationRules());
      NamedBytes paths = readOptional(files.networkPaths());
      PricingSetup setup = PricingSetup.load(files);
      return new RunPricing(sheets, adjustments, rules, ranges, paths, files.policy(), setup);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read a pricing file: " + e.getMessage(), e);
    }
  }

  private static NamedBytes read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(path + ": no such file");
    }
    return new NamedBytes(path.toString(), Files.readAllBytes(path));
  }

  private static NamedBytes readOptional(Optional<Path> path) throws IOException {
    return path.isPresent() ? read(path.get()) : null;
  }

  /** The run's pricing setup (built from the shipped bytes on first use in a task's JVM). */
  public PricingSetup setup() {
    PricingSetup result = setup;
    if (result == null) {
      synchronized (this) {
        result = setup;
        if (result == null) {
          result = rebuild();
          setup = result;
        }
      }
    }
    return result;
  }

  public PriceBook book() {
    return setup().book();
  }

  public DestinationClassifier classifier() {
    return setup().classifier();
  }

  public NetworkPaths paths() {
    return setup().paths();
  }

  public AttributionPolicy policy() {
    return policy;
  }

  private PricingSetup rebuild() {
    try {
      PriceBook.Builder book = PriceBook.builder().addBundled();
      for (NamedBytes sheet : sheets) {
        book.addSheet(sheet.name(), in(sheet));
      }
      if (adjustments != null) {
        book.adjustments(PriceAdjustments.parse(adjustments.name(), in(adjustments)));
      }
      ClassificationRules rules =
          classificationRules == null
              ? ClassificationRules.none()
              : ClassificationRules.parse(classificationRules.name(), in(classificationRules));
      ProviderRanges.Builder ranges = ProviderRanges.builder();
      for (NamedBytes file : providerRanges) {
        ranges.load(file.name(), in(file));
      }
      ProviderRanges built = ranges.build();
      NetworkPaths paths =
          networkPaths == null
              ? NetworkPaths.none()
              : NetworkPaths.parse(networkPaths.name(), in(networkPaths));
      return new PricingSetup(
          book.build(),
          new DestinationClassifier(rules, built),
          paths,
          policy,
          built.versions(),
          Stream.concat(rules.warnings().stream(), paths.warnings().stream()).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteArrayInputStream in(NamedBytes file) {
    return new ByteArrayInputStream(file.content());
  }
}
