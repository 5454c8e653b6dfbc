package dev.netcost.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RFC 4180 field splitter for one line (no embedded line breaks), for reading back CSVs.
 */
final class CsvLine {
  private CsvLine() {}

  static List<String> parse(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int index = 0; index < line.length(); index++) {
      char c = line.charAt(index);
      if (quoted) {
        if (c == '"' && index + 1 < line.length() && line.charAt(index + 1) == '"') {
          field.append('"');
          index++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
