package dev.netcost.collector.metadata;

import java.util.Map;
import java.util.TreeMap;

/** Labels as a JSON object with sorted keys, the form the contract's {@code labels_json} takes. */
final class LabelsJson {
  private LabelsJson() {}

  static String of(Map<String, String> labels) {
    StringBuilder out = new StringBuilder(16 + labels.size() * 32).append('{');
    boolean first = true;
    for (Map.Entry<String, String> entry : new TreeMap<>(labels).entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, entry.getKey());
      out.append(':');
      string(out, entry.getValue());
    }
    return out.append('}').toString();
  }

  private static void string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
