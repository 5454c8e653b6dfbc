package dev.netcost.k8s;

import static java.util.Objects.requireNonNull;

import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CronJob schedule as the Kubernetes controller reads it (the standard five fields of
 * robfig/cron: minute, hour, day of month, month, day of week; names JAN-DEC and SUN-SAT; {@code
 * *}, {@code ?}, ranges, lists, steps; the {@code @daily}-style descriptors). A time zone inside
 * the schedule ({@code TZ=} / {@code CRON_TZ=}) is refused: Kubernetes wants {@code spec.timeZone}.
 *
 * <p>Parsing validates; {@link #matches} evaluates a minute, so tests can check what a schedule
 * means (02:30 every day, 07:00 on the 1st) and not only that it parses.
 */
final class CronSchedule {
  private static final Map<String, String> DESCRIPTORS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private enum Field {
    MINUTE("minute", 0, 59, List.of(), false),
    HOUR("hour", 0, 23, List.of(), false),
    DAY_OF_MONTH("day of month", 1, 31, List.of(), true),
    MONTH("month", 1, 12, MONTHS, false),
    DAY_OF_WEEK("day of week", 0, 6, DAYS, true);

    private final String label;
    private final int min;
    private final int max;
    private final List<String> names;
    private final boolean questionMark;

    Field(String label, int min, int max, List<String> names, boolean questionMark) {
      this.label = label;
      this.min = min;
      this.max = max;
      this.names = names;
      this.questionMark = questionMark;
    }
  }

  private final String expression;
  private final BitSet[] values = new BitSet[5];
  private final boolean dayOfMonthAny;
  private final boolean dayOfWeekAny;

  private CronSchedule(String expression, String[] fields) {
    this.expression = expression;
    Field[] all = Field.values();
    for (int i = 0; i < all.length; i++) {
      values[i] = parseField(expression, all[i], fields[i]);
    }
    this.dayOfMonthAny = isAny(fields[2]);
    this.dayOfWeekAny = isAny(fields[4]);
  }

  static CronSchedule parse(String expression) {
    requireNonNull(expression, "expression is null");
    String trimmed = expression.trim();
    if (trimmed.startsWith("TZ=") || trimmed.startsWith("CRON_TZ=")) {
      throw invalid(expression, "a time zone in the schedule is not allowed; use spec.timeZone");
    }
    String normalized = trimmed;
    if (trimmed.startsWith("@")) {
      normalized = DESCRIPTORS.get(trimmed.toLowerCase(Locale.ROOT));
      if (normalized == null) {
        throw invalid(expression, "unknown descriptor " + trimmed);
      }
    }
    String[] fields = normalized.isEmpty() ? new String[0] : normalized.split("\\s+");
    if (fields.length != 5) {
      throw invalid(expression, "expected 5 fields, found " + fields.length);
    }
    return new CronSchedule(expression, fields);
  }

  /** Whether the schedule fires at this minute (seconds are ignored). */
  boolean matches(LocalDateTime time) {
    boolean dayOfMonth = values[2].get(time.getDayOfMonth());
    boolean dayOfWeek = values[4].get(time.getDayOfWeek().getValue() % 7);
    // cron's rule: when both day fields are restricted, either one matching is enough
    boolean day = dayOfMonthAny || dayOfWeekAny ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
    return values[0].get(time.getMinute())
        && values[1].get(time.getHour())
        && values[3].get(time.getMonthValue())
        && day;
  }

  @Override
  public String toString() {
    return expression;
  }

  private static boolean isAny(String field) {
    return field.equals("*") || field.equals("?");
  }

  private static BitSet parseField(String expression, Field field, String text) {
    BitSet set = new BitSet(field.max + 1);
    for (String part : text.split(",", -1)) {
      if (part.isEmpty()) {
        throw invalid(expression, field.label + " has an empty list element in '" + text + "'");
      }
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(expression, field, part.substring(slash + 1), "step");
        if (step < 1) {
          throw invalid(expression, field.label + " step must be at least 1: '" + part + "'");
        }
      }
      int low;
      int high;
      if (range.equals("*") || (range.equals("?") && field.questionMark)) {
        low = field.min;
        high = field.max;
      } else {
        int dash = range.indexOf('-');
        if (dash >= 0) {
          low = value(expression, field, range.substring(0, dash));
          high = value(expression, field, range.substring(dash + 1));
          if (low > high) {
            throw invalid(expression, field.label + " range " + range + " runs backwards");
          }
        } else {
          low = value(expression, field, range);
          // "a/n" means from a to the end, in steps of n
          high = slash >= 0 ? field.max : low;
        }
      }
      for (int v = low; v <= high; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static int value(String expression, Field field, String text) {
    int index = field.names.indexOf(text.toUpperCase(Locale.ROOT));
    if (index >= 0) {
      return field.min + index;
    }
    int value = number(expression, field, text, "value");
    if (value < field.min || value > field.max) {
      throw invalid(
          expression, field.label + " " + value + " is outside " + field.min + "-" + field.max);
    }
    return value;
  }

  private static int number(String expression, Field field, String text, String what) {
    if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 4) {
      throw invalid(expression, field.label + " " + what + " is not a number: '" + text + "'");
    }
    return Integer.parseInt(text);
  }

  private static IllegalArgumentException invalid(String expression, String reason) {
    return new IllegalArgumentException("Invalid cron schedule '" + expression + "': " + reason);
  }
}
