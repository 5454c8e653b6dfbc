package dev.netcost.billing;

import dev.netcost.contract.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts billed data quantities to GiB (2^30 bytes).
 *
 * <p>The providers meter network transfer in binary units whatever they call them: AWS and Azure
 * write {@code GB} and Google writes {@code gibibyte} for the same 2^30-byte unit, so {@code GB} is
 * read as GiB here, also in FOCUS files, which pass the provider's quantity through. (The FOCUS
 * spec's own unit table says GB = 10^9 bytes; no provider export we have seen follows that for
 * transfer.) Azure block units ({@code 10 GB}, {@code 100 GB}) multiply. Units per time ({@code
 * GB-Mo}, {@code GB/Month}, {@code GB Hours}) are storage or memory, not transfer: empty.
 */
final class DataUnits {
  private static final BigDecimal KIB_PER_GIB = BigDecimal.valueOf(1L << 20);
  private static final BigDecimal MIB_PER_GIB = BigDecimal.valueOf(1L << 10);
  private static final BigDecimal BYTES_PER_GIB = BigDecimal.valueOf(Money.BYTES_PER_GIB);
  private static final BigDecimal GIB_PER_TIB = BigDecimal.valueOf(1L << 10);
  private static final Pattern BLOCK = Pattern.compile("(\\d+)\\s*(.+)");

  private DataUnits() {}

  static Optional<BigDecimal> toGib(BigDecimal amount, String unit) {
    String normalized = unit.trim().toLowerCase(Locale.ROOT);
    BigDecimal block = BigDecimal.ONE;
    Matcher matcher = BLOCK.matcher(normalized);
    if (matcher.matches()) {
      block = new BigDecimal(matcher.group(1));
      normalized = matcher.group(2).trim();
    }
    BigDecimal quantity = amount.multiply(block);
    return switch (normalized) {
      case "gb", "gib", "gibibyte", "gibibytes", "gigabyte", "gigabytes" -> Optional.of(quantity);
      case "tb", "tib", "tebibyte", "tebibytes" -> Optional.of(quantity.multiply(GIB_PER_TIB));
      case "mb", "mib", "mebibyte", "mebibytes" ->
          Optional.of(quantity.divide(MIB_PER_GIB, MathContext.DECIMAL128));
      case "kb", "kib", "kibibyte", "kibibytes" ->
          Optional.of(quantity.divide(KIB_PER_GIB, MathContext.DECIMAL128));
      case "byte", "bytes", "b" ->
          Optional.of(quantity.divide(BYTES_PER_GIB, MathContext.DECIMAL128));
      default -> Optional.empty();
    };
  }
}
