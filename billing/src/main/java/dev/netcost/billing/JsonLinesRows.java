package dev.netcost.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Map;

/**
 * Newline-delimited JSON, one object per line (BigQuery's JSON export). Blank lines are skipped.
 */
final class JsonLinesRows {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private JsonLinesRows() {}

  static long read(BufferedReader reader, RowSink sink) throws IOException {
    long rowNumber = 0;
    long lineNumber = 0;
    String text;
    while ((text = reader.readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.isBlank()) {
        continue;
      }
      rowNumber++;
      JsonNode node;
      try {
        node = MAPPER.readTree(text);
      } catch (JsonProcessingException e) {
        sink.malformed(rowNumber, lineNumber, "is not valid JSON: " + e.getOriginalMessage());
        continue;
      }
      if (!(Row.toValue(node) instanceof Map<?, ?> map)) {
        sink.malformed(rowNumber, lineNumber, "is not a JSON object");
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> values = (Map<String, Object>) map;
      sink.row(Row.of(values, rowNumber, lineNumber));
    }
    return rowNumber;
  }
}
