package dev.netcost.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date and time spellings found in billing exports, all read as UTC:
 *
 * <ul>
 *   <li>ISO instants and offsets: {@code 2023-11-01T00:00:00.000Z}, {@code 2023-11-13T10:00Z},
 *       {@code 2023-11-01T00:00:00-08:00} (converted to UTC);
 *   <li>BigQuery text: {@code 2023-11-01 08:00:00 UTC};
 *   <li>FOCUS sample: {@code 2024-09-18 22:00:00} (no {@code T}, no zone: UTC by the spec);
 *   <li>dates: {@code 2023-11-01}, and Azure's US form {@code 09/21/2023} or {@code 9/2/2023}
 *       (month first).
 * </ul>
 */
final class Dates {
  private static final Pattern US_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
  private static final Pattern US_DATE_TIME =
      Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})[ T]\\d{1,2}:\\d{2}(:\\d{2})?( ?[AP]M)?");

  private Dates() {}

  /** The UTC day of a date or date-time; rejects the row's field when unreadable. */
  static LocalDate utcDay(String field, String text) {
    String value = text.trim();
    Matcher us = US_DATE.matcher(value);
    if (us.matches() || US_DATE_TIME.matcher(value).matches()) {
      us = US_DATE.matcher(value);
      us.lookingAt();
      try {
        return LocalDate.of(
            Integer.parseInt(us.group(3)),
            Integer.parseInt(us.group(1)),
            Integer.parseInt(us.group(2)));
      } catch (java.time.DateTimeException e) {
        throw new RowException(field, "is not a date: '" + text + "'");
      }
    }
    return utcInstant(field, value).atOffset(ZoneOffset.UTC).toLocalDate();
  }

  static Instant utcInstant(String field, String text) {
    String value = text.trim();
    if (value.endsWith(" UTC")) {
      value = value.substring(0, value.length() - 4).trim();
    }
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      String iso = value.replace(' ', 'T');
      if (iso.endsWith("Z") || hasOffset(iso)) {
        return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      }
      return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new RowException(field, "is not a date-time: '" + text + "'");
    }
  }

  private static boolean hasOffset(String iso) {
    int time = iso.indexOf('T');
    if (time < 0) {
      return false;
    }
    String rest = iso.substring(time);
    return rest.contains("+") || rest.contains("-");
  }
}
