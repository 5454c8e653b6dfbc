package dev.netcost.job;

import dev.netcost.billing.BillingFormat;
import dev.netcost.billing.BillingProvider;
import dev.netcost.pricing.AttributionPolicy;
import dev.netcost.report.ReportOptions;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options several commands share, declared once as picocli mixins, and the converters of the
 * options that take one of a fixed set of names (the allowed names appear in {@code --help}, and a
 * bad value is one line naming it and listing them).
 */
final class CommonOptions {
  private CommonOptions() {}

  /** {@code --store}: where snapshots and tables live. */
  static final class Store {
    @Option(
        names = "--store",
        paramLabel = "STORE",
        description =
            "Store with snapshots and tables: a directory or URI (default: $NETCOST_STORE, else netcost-data).",
        defaultValue = "${env:NETCOST_STORE:-netcost-data}")
    String store;
  }

  /** {@code --master}: the Spark master. */
  static final class Master {
    @Option(
        names = "--master",
        paramLabel = "MASTER",
        description = "Spark master (default: local[*], or spark-submit's).")
    String master;
  }

  /** {@code --date}: the date a command processes. */
  static final class Date {
    @Option(
        names = "--date",
        required = true,
        paramLabel = "DATE",
        converter = DateConverter.class,
        description = "The date (UTC): YYYY-MM-DD, today or yesterday.")
    LocalDate date;
  }

  /** {@code --provider}: the cluster's cloud. */
  static final class Provider {
    @Option(
        names = "--provider",
        paramLabel = "PROVIDER",
        converter = ProviderConverter.class,
        completionCandidates = ProviderNames.class,
        description =
            "The cluster's cloud: its price sheet, and the bill lines reconciled: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
        defaultValue = "aws")
    BillingProvider provider;

    /** The provider's name, as the pricing and reconciliation configurations take it. */
    String name() {
      return provider.wireName();
    }
  }

  /** One of a fixed set of names, each mapped to a value; a bad name lists the allowed ones. */
  static <T> T choose(String what, String value, Map<String, T> allowed, List<String> listed) {
    T chosen = allowed.get(value);
    if (chosen == null) {
      throw new TypeConversionException(
          "'" + value + "' is not " + what + " (expected " + expected(listed) + ")");
    }
    return chosen;
  }

  /** {@code a, b or c}. */
  static String expected(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  private static <E extends Enum<E>> Map<String, E> byName(E[] values, Function<E, String> name) {
    Map<String, E> map = new java.util.LinkedHashMap<>();
    for (E value : values) {
      map.put(name.apply(value), value);
    }
    return map;
  }

  private static <E extends Enum<E>> List<String> names(E[] values, Function<E, String> name) {
    return Arrays.stream(values).map(name).toList();
  }

  // ---- --provider: aws, gcp, azure or oci

  static final class ProviderNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names(BillingProvider.values(), BillingProvider::wireName).iterator();
    }
  }

  static final class ProviderConverter implements ITypeConverter<BillingProvider> {
    @Override
    public BillingProvider convert(String value) {
      return choose(
          "a provider",
          value,
          byName(BillingProvider.values(), BillingProvider::wireName),
          names(BillingProvider.values(), BillingProvider::wireName));
    }
  }

  // ---- --attribution-policy: sender_pays, receiver_pays or split

  static final class PolicyNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names(AttributionPolicy.values(), AttributionPolicy::wireName).iterator();
    }
  }

  static final class PolicyConverter implements ITypeConverter<AttributionPolicy> {
    @Override
    public AttributionPolicy convert(String value) {
      return choose(
          "an attribution policy",
          value,
          byName(AttributionPolicy.values(), AttributionPolicy::wireName),
          names(AttributionPolicy.values(), AttributionPolicy::wireName));
    }
  }

  // ---- --billing-format: cur, cur2, gcp, azure or focus (and the billing module's wire names)

  /** The names listed in {@code --help}; the billing module's wire names are accepted too. */
  static final List<String> BILLING_FORMATS = List.of("cur", "cur2", "gcp", "azure", "focus");

  static final class BillingFormatNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return BILLING_FORMATS.iterator();
    }
  }

  static final class BillingFormatConverter implements ITypeConverter<BillingFormat> {
    @Override
    public BillingFormat convert(String value) {
      return choose(
          "a billing format",
          value,
          Map.of(
              "cur", BillingFormat.AWS_CUR,
              "cur2", BillingFormat.AWS_CUR,
              "aws-cur", BillingFormat.AWS_CUR,
              "gcp", BillingFormat.GCP_BILLING_EXPORT,
              "gcp-billing-export", BillingFormat.GCP_BILLING_EXPORT,
              "azure", BillingFormat.AZURE_COST_DETAILS,
              "azure-cost-details", BillingFormat.AZURE_COST_DETAILS,
              "focus", BillingFormat.FOCUS),
          BILLING_FORMATS);
    }
  }

  // ---- --pdf: REQUIRED, IF_AVAILABLE or SKIP

  static final class PdfNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names(ReportOptions.Pdf.values(), ReportOptions.Pdf::name).iterator();
    }
  }

  static final class PdfConverter implements ITypeConverter<ReportOptions.Pdf> {
    @Override
    public ReportOptions.Pdf convert(String value) {
      return choose(
          "a PDF mode",
          value,
          byName(ReportOptions.Pdf.values(), ReportOptions.Pdf::name),
          names(ReportOptions.Pdf.values(), ReportOptions.Pdf::name));
    }
  }
}
