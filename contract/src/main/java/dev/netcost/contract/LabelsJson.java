package dev.netcost.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Labels as a JSON object with sorted keys, the form of the metadata snapshot's {@code labels_json}
 * (docs/data-contract.md §3), for every writer of it (the metadata snapshotter, the demo
 * generator): compact (no white space), written by Jackson's generator ({@code "} and {@code \}
 * escaped, control characters as {@code \n}-style or {@code \}{@code u00XX} escapes, other text as
 * is).
 */
public final class LabelsJson {
  private static final JsonFactory JSON = new JsonFactory();

  private LabelsJson() {}

  public static String of(Map<String, String> labels) {
    StringWriter out = new StringWriter(16 + labels.size() * 32);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      for (Map.Entry<String, String> entry : new TreeMap<>(labels).entrySet()) {
        generator.writeStringField(entry.getKey(), entry.getValue());
      }
      generator.writeEndObject();
    } catch (IOException e) {
      // a StringWriter does not fail
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
