package dev.netcost.job;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Dates on the command line: {@code YYYY-MM-DD}, or {@code today} / {@code yesterday} in UTC
 * (scheduled runs whose arguments are fixed, such as a ScheduledSparkApplication, pass {@code
 * yesterday}).
 */
final class DateConverter implements ITypeConverter<LocalDate> {
  static Clock clock = Clock.systemUTC();

  @Override
  public LocalDate convert(String value) {
    return switch (value) {
      case "today" -> LocalDate.now(clock);
      case "yesterday" -> LocalDate.now(clock).minusDays(1);
      default -> {
        try {
          yield LocalDate.parse(value);
        } catch (DateTimeParseException e) {
          throw new TypeConversionException(
              "'" + value + "' is not a date (expected YYYY-MM-DD, today or yesterday)");
        }
      }
    };
  }
}
