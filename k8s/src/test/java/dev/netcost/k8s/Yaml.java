package dev.netcost.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Plain YAML maps for values files: read, deep-merge (Helm's rule: maps merge, the rest replaces),
 * write.
 */
final class Yaml {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private Yaml() {}

  static Map<String, Object> readMap(Path file) {
    try {
      return parseMap(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  static Map<String, Object> parseMap(String yaml) {
    Map<String, Object> map = YAML.readValue(yaml, MAP);
    return map == null ? new LinkedHashMap<>() : map;
  }

  static String write(Object value) {
    return YAML.writeValueAsString(value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    for (Map.Entry<String, Object> entry : override.entrySet()) {
      Object current = merged.get(entry.getKey());
      if (current instanceof Map<?, ?> currentMap && entry.getValue() instanceof Map<?, ?> next) {
        merged.put(
            entry.getKey(),
            deepMerge((Map<String, Object>) currentMap, (Map<String, Object>) next));
      } else {
        merged.put(entry.getKey(), entry.getValue());
      }
    }
    return merged;
  }
}
