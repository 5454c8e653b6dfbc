package dev.netcost.report;

import dev.netcost.contract.Money;
import dev.netcost.contract.Sentinels;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Number and date formatting shared by the report, the spreadsheet and the CSV. */
final class Formats {
  private static final BigDecimal KIB = BigDecimal.valueOf(1024);
  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);

  private Formats() {}

  /** Money as shown everywhere: rounded half-up to the cent. */
  static BigDecimal cents(BigDecimal amount) {
    return Money.cents(amount);
  }

  static String money(BigDecimal amount, String currency) {
    String digits = grouped(cents(amount).abs(), "#,##0.00");
    String sign = amount.signum() < 0 && cents(amount).signum() != 0 ? "-" : "";
    return switch (currency) {
      case "USD" -> sign + "$" + digits;
      case "EUR" -> sign + "€" + digits;
      case "GBP" -> sign + "£" + digits;
      default -> sign + digits + " " + currency;
    };
  }

  /** Plain exact decimal for CSV: no grouping, all nine fraction digits. */
  static String exact(BigDecimal amount) {
    return amount.setScale(Money.SCALE, RoundingMode.UNNECESSARY).toPlainString();
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    BigDecimal value = BigDecimal.valueOf(bytes);
    int unit = 0;
    while (value.compareTo(KIB) >= 0 && unit < BYTE_UNITS.length - 1) {
      value = value.divide(KIB, 6, RoundingMode.HALF_UP);
      unit++;
    }
    String pattern = value.compareTo(BigDecimal.valueOf(100)) >= 0 ? "#,##0" : "#,##0.0#";
    return grouped(value, pattern) + " " + BYTE_UNITS[unit];
  }

  static String integer(long value) {
    return grouped(BigDecimal.valueOf(value), "#,##0");
  }

  /** Month-over-month change, e.g. "+12.5%", "−3.0%", "new" (nothing before), "n/a". */
  static String change(BigDecimal current, Optional<BigDecimal> previous) {
    if (previous.isEmpty()) {
      return "n/a";
    }
    BigDecimal before = cents(previous.get());
    if (before.signum() == 0) {
      return cents(current).signum() == 0 ? "0.0%" : "new";
    }
    BigDecimal percent =
        cents(current)
            .subtract(before)
            .multiply(BigDecimal.valueOf(100))
            .divide(before.abs(), 1, RoundingMode.HALF_UP);
    String text = grouped(percent.abs(), "#,##0.0") + "%";
    return percent.signum() > 0 ? "+" + text : percent.signum() < 0 ? "\u2212" + text : text;
  }

  /** Share of a total as a percentage with one decimal. */
  static String share(BigDecimal part, BigDecimal total) {
    if (total.signum() == 0) {
      return "\u2014";
    }
    BigDecimal percent =
        part.multiply(BigDecimal.valueOf(100)).divide(total, 3, RoundingMode.HALF_UP);
    if (part.signum() > 0 && percent.compareTo(new BigDecimal("0.05")) < 0) {
      // a small share is not no share
      return "<0.1%";
    }
    return grouped(
            part.multiply(BigDecimal.valueOf(100)).divide(total, 1, RoundingMode.HALF_UP),
            "#,##0.0")
        + "%";
  }

  static String day(LocalDate date) {
    return DAY.format(date);
  }

  /** "Nov 4, Nov 17–19" style list of days, runs collapsed. */
  static String days(List<LocalDate> days) {
    List<String> parts = new ArrayList<>();
    int index = 0;
    while (index < days.size()) {
      int end = index;
      while (end + 1 < days.size() && days.get(end + 1).equals(days.get(end).plusDays(1))) {
        end++;
      }
      LocalDate first = days.get(index);
      LocalDate last = days.get(end);
      if (end == index) {
        parts.add(day(first));
      } else {
        parts.add(day(first) + "\u2013" + last.getDayOfMonth());
      }
      index = end + 1;
    }
    return String.join(", ", parts);
  }

  static String teamLabel(String team) {
    return switch (team) {
      case Sentinels.UNASSIGNED_TEAM -> "Unassigned";
      case MonthReader.UNATTRIBUTED_TEAM -> "Unattributed (billed, no measured flow)";
      default -> team;
    };
  }

  static String trafficClassLabel(String trafficClass) {
    return switch (trafficClass) {
      case "same_zone" -> "Same zone";
      case "cross_zone" -> "Cross zone";
      case "cross_region" -> "Cross region";
      case "internet" -> "Internet";
      case "private" -> "Private / allow-listed";
      case "unknown" -> "Unknown";
      default -> trafficClass;
    };
  }

  private static String grouped(BigDecimal value, String pattern) {
    DecimalFormat format = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.US));
    format.setRoundingMode(RoundingMode.HALF_UP);
    return format.format(value);
  }
}
