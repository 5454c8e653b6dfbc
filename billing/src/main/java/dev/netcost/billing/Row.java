package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One source row as a tree: CSV rows are flat strings; JSON lines and Parquet rows keep their
 * structs (as maps), maps and lists. Column names match case-insensitively. A path {@code
 * sku.description} finds a flat column of that name, else walks the struct {@code sku}.
 *
 * <p>Empty strings and the literal {@code NULL} (how the FOCUS sample writes nulls) are absent.
 */
final class Row {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final Map<String, Object> values;
  private final long row;
  private final long line;

  private Row(Map<String, Object> values, long row, long line) {
    this.values = values;
    this.row = row;
    this.line = line;
  }

  /** A row over a copy of {@code values} keyed case-insensitively (JSON lines, Parquet). */
  static Row of(Map<String, Object> values, long row, long line) {
    return new Row(caseInsensitive(requireNonNull(values, "values is null")), row, line);
  }

  private static Map<String, Object> caseInsensitive(Map<String, Object> values) {
    TreeMap<String, Object> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(values);
    return copy;
  }

  /**
   * A CSV row over the file's shared header index ({@code name → position}, case-insensitive),
   * without copying per row.
   */
  static Row csv(CsvHeader header, List<String> fields, long row, long line) {
    return new Row(new CsvRecord(header, fields), row, line);
  }

  /**
   * A CSV file's header: names to positions, matched case-insensitively. Lookups by the same name
   * are memoised (parsers ask for the same column names on every row). Not thread-safe: one per
   * file being read.
   */
  static final class CsvHeader {
    private final Map<String, Integer> positions = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Integer> resolved = new java.util.HashMap<>();

    /** Adds a column; the first of two same-named columns wins. */
    void add(String name, int position) {
      positions.putIfAbsent(name, position);
    }

    int position(Object name) {
      if (!(name instanceof String text)) {
        return -1;
      }
      Integer position = resolved.get(text);
      if (position == null) {
        position = positions.getOrDefault(text, -1);
        resolved.put(text, position);
      }
      return position;
    }

    Map<String, Integer> positions() {
      return positions;
    }
  }

  private static final class CsvRecord extends java.util.AbstractMap<String, Object> {
    private final CsvHeader header;
    private final List<String> fields;

    CsvRecord(CsvHeader header, List<String> fields) {
      this.header = header;
      this.fields = fields;
    }

    @Override
    public boolean containsKey(Object key) {
      return header.position(key) >= 0;
    }

    @Override
    public Object get(Object key) {
      int index = header.position(key);
      return index < 0 ? null : fields.get(index);
    }

    @Override
    public java.util.Set<Map.Entry<String, Object>> entrySet() {
      java.util.Set<Map.Entry<String, Object>> entries = new java.util.LinkedHashSet<>();
      header.positions().forEach((name, index) -> entries.add(Map.entry(name, fields.get(index))));
      return entries;
    }
  }

  long row() {
    return row;
  }

  long line() {
    return line;
  }

  boolean hasColumn(String name) {
    return values.containsKey(name);
  }

  /** The value at {@code path} as stored (CSV cells untrimmed), or null. */
  Object raw(String path) {
    if (values.containsKey(path)) {
      return values.get(path);
    }
    int dot = path.indexOf('.');
    if (dot < 0) {
      return null;
    }
    Object parent = raw(path.substring(0, dot));
    String rest = path.substring(dot + 1);
    if (parent instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (String.valueOf(entry.getKey()).equalsIgnoreCase(rest)) {
          return entry.getValue();
        }
      }
    }
    return null;
  }

  /** The text of the first of {@code names} that has a value. */
  Optional<String> text(String... names) {
    for (String name : names) {
      Object value = raw(name);
      if (value instanceof String string) {
        String trimmed = string.trim();
        if (!trimmed.isEmpty() && !trimmed.equals("NULL")) {
          return Optional.of(trimmed);
        }
      } else if (value != null && !(value instanceof Map) && !(value instanceof List)) {
        return Optional.of(value.toString());
      }
    }
    return Optional.empty();
  }

  /** The text of the first of {@code names} that has a value; rejects the row when none has. */
  String required(String... names) {
    return text(names).orElseThrow(() -> new RowException(presentName(names), "is missing"));
  }

  /** The first of {@code names} that is a column of this row, for messages; else the first. */
  String presentName(String... names) {
    for (String name : names) {
      if (values.containsKey(name)) {
        return name;
      }
    }
    return names[0];
  }

  /** The first of {@code names} present as a decimal, or empty. */
  Optional<BigDecimal> decimal(String... names) {
    for (String name : names) {
      Optional<String> text = text(name);
      if (text.isPresent()) {
        return Optional.of(parseDecimal(name, text.get()));
      }
    }
    return Optional.empty();
  }

  BigDecimal requiredDecimal(String... names) {
    return decimal(names).orElseThrow(() -> new RowException(presentName(names), "is missing"));
  }

  static BigDecimal parseDecimal(String field, String text) {
    try {
      BigDecimal value = new BigDecimal(text.trim());
      return value;
    } catch (NumberFormatException e) {
      throw new RowException(field, "is not a number: '" + text + "'");
    }
  }

  /**
   * A map column: a Parquet/JSON map or struct, a JSON object in a CSV cell, or Azure EA tags
   * ({@code "k": "v","k2": "v2"} without braces). Absent gives an empty map.
   */
  Map<String, String> map(String name) {
    Object value = raw(name);
    Map<String, String> result = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (value == null) {
      return result;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (key, entry) -> {
            if (entry != null) {
              result.put(String.valueOf(key), String.valueOf(entry));
            }
          });
      return result;
    }
    if (value instanceof List<?> list) {
      // BigQuery writes labels as a list of {key, value}
      for (Object item : list) {
        if (item instanceof Map<?, ?> pair && pair.get("key") != null) {
          result.put(String.valueOf(pair.get("key")), String.valueOf(pair.get("value")));
        }
      }
      return result;
    }
    String text = value.toString().trim();
    if (text.isEmpty() || text.equals("NULL")) {
      return result;
    }
    if (!text.startsWith("{")) {
      text = "{" + text + "}";
    }
    JsonNode node = parseJson(name, text);
    if (!node.isObject()) {
      throw new RowException(name, "is not a JSON object");
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isNull()) {
        result.put(field.getKey(), field.getValue().asText());
      }
    }
    return result;
  }

  /** A list-of-structs column (GCP credits): a list value or a JSON array in a CSV cell. */
  List<Map<String, Object>> records(String name) {
    Object value = raw(name);
    List<Map<String, Object>> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof Map<?, ?> map)) {
          throw new RowException(name, "has an element that is not a record: " + item);
        }
        Map<String, Object> record = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.forEach((key, entry) -> record.put(String.valueOf(key), entry));
        result.add(record);
      }
      return result;
    }
    String text = value.toString().trim();
    if (text.isEmpty() || text.equals("NULL")) {
      return result;
    }
    JsonNode node = parseJson(name, text);
    if (!node.isArray()) {
      throw new RowException(name, "is not a JSON array");
    }
    for (JsonNode item : node) {
      if (!(toValue(item) instanceof Map<?, ?> map)) {
        throw new RowException(name, "has an element that is not a record: " + item);
      }
      Map<String, Object> record = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      map.forEach((key, entry) -> record.put(String.valueOf(key), entry));
      result.add(record);
    }
    return result;
  }

  private static JsonNode parseJson(String field, String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new RowException(field, "is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** JSON to the row tree: objects to maps, arrays to lists, scalars to their text. */
  static Object toValue(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(field -> map.put(field.getKey(), toValue(field.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toValue(item)));
      return list;
    }
    if (node.isNumber()) {
      // exact decimal text: JSON numbers are parsed as BigDecimal (see JsonLinesRows)
      return node.decimalValue().toPlainString();
    }
    return node.asText();
  }
}
