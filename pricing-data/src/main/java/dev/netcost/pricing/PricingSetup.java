package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the nightly job needs for pricing, loaded and validated in one call from the user's
 * files (all optional): extra price sheets, an adjustment sheet, a Kubecost {@code
 * network-costs-config}, provider range files, a {@code network-paths.yaml} and the attribution
 * policy. A CLI {@code validate} command can call {@link #load} and print {@link #warnings}; any
 * malformed file fails with an {@link InvalidInputException} naming its file, line and field.
 */
public record PricingSetup(
    PriceBook book,
    DestinationClassifier classifier,
    NetworkPaths paths,
    AttributionPolicy policy,
    List<String> rangeVersions,
    List<String> warnings) {
  public PricingSetup {
    requireNonNull(book, "book is null");
    requireNonNull(classifier, "classifier is null");
    requireNonNull(paths, "paths is null");
    requireNonNull(policy, "policy is null");
    rangeVersions = List.copyOf(requireNonNull(rangeVersions, "rangeVersions is null"));
    warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
  }

  /** The user's files; empty lists and {@code Optional.empty()} mean "not configured". */
  public record Files(
      List<Path> sheets,
      Optional<Path> adjustments,
      Optional<Path> classificationRules,
      List<Path> providerRanges,
      Optional<Path> networkPaths,
      AttributionPolicy policy) {
    public Files {
      sheets = List.copyOf(requireNonNull(sheets, "sheets is null"));
      requireNonNull(adjustments, "adjustments is null");
      requireNonNull(classificationRules, "classificationRules is null");
      providerRanges = List.copyOf(requireNonNull(providerRanges, "providerRanges is null"));
      requireNonNull(networkPaths, "networkPaths is null");
      requireNonNull(policy, "policy is null");
    }

    /** Bundled prices only, no user rules or ranges, sender pays. */
    public static Files defaults() {
      return new Files(
          List.of(),
          Optional.empty(),
          Optional.empty(),
          List.of(),
          Optional.empty(),
          AttributionPolicy.SENDER_PAYS);
    }
  }

  public static PricingSetup load(Files files) throws IOException {
    requireNonNull(files, "files is null");
    PriceBook.Builder builder = PriceBook.builder().addBundled();
    for (Path sheet : files.sheets()) {
      builder.addSheet(sheet);
    }
    if (files.adjustments().isPresent()) {
      builder.adjustments(PriceAdjustments.load(files.adjustments().get()));
    }
    PriceBook book = builder.build();
    ClassificationRules rules =
        files.classificationRules().isPresent()
            ? ClassificationRules.load(files.classificationRules().get())
            : ClassificationRules.none();
    ProviderRanges.Builder ranges = ProviderRanges.builder();
    for (Path file : files.providerRanges()) {
      ranges.load(file);
    }
    ProviderRanges providerRanges = ranges.build();
    List<String> warnings = new ArrayList<>(rules.warnings());
    if (files.providerRanges().isEmpty()) {
      warnings.add(
          "no provider range files: public peers of AWS, GCP and Azure are classified as internet"
              + " and carry no service label");
    }
    NetworkPaths paths =
        files.networkPaths().isPresent()
            ? NetworkPaths.load(files.networkPaths().get())
            : NetworkPaths.none();
    warnings.addAll(paths.warnings());
    return new PricingSetup(
        book,
        new DestinationClassifier(rules, providerRanges),
        paths,
        files.policy(),
        providerRanges.versions(),
        warnings);
  }
}
