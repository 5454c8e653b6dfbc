package dev.netcost.billing;

import java.util.Locale;
import java.util.regex.Pattern;

/** ISO 4217 codes as billing exports write them. */
final class Currencies {
  private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

  private Currencies() {}

  static String code(String field, String text) {
    String code = text.trim().toUpperCase(Locale.ROOT);
    if (!CODE.matcher(code).matches()) {
      throw new RowException(field, "is not a currency code: '" + text + "'");
    }
    return code;
  }
}
