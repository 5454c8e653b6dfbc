package dev.netcost.report;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for the tests (CRLF records, quoted fields may hold CR, LF, commas). */
final class Rfc4180 {
  private Rfc4180() {}

  static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int index = 0;
    while (index < text.length()) {
      char c = text.charAt(index);
      if (quoted) {
        if (c == '"' && index + 1 < text.length() && text.charAt(index + 1) == '"') {
          field.append('"');
          index += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
        index++;
      } else if (c == '"') {
        if (field.length() > 0) {
          throw new IllegalArgumentException("quote inside an unquoted field at " + index);
        }
        quoted = true;
        index++;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        index++;
      } else if (c == '\r') {
        if (index + 1 >= text.length() || text.charAt(index + 1) != '\n') {
          throw new IllegalArgumentException("bare CR outside quotes at " + index);
        }
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        index += 2;
      } else if (c == '\n') {
        throw new IllegalArgumentException("bare LF outside quotes at " + index);
      } else {
        field.append(c);
        index++;
      }
    }
    if (quoted || field.length() > 0 || !record.isEmpty()) {
      throw new IllegalArgumentException("text does not end with CRLF");
    }
    return records;
  }
}
