package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpPrefix;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML file read as a node tree that keeps line numbers, so every error names the file, the line
 * and the field path ({@code destinations.direct-classification[1].zone}).
 */
final class YamlDocument {
  private final String file;

  private YamlDocument(String file) {
    this.file = file;
  }

  /** A node and its dotted path from the root. */
  record Value(YamlDocument document, String path, Node node) {
    int line() {
      return node.getStartMark().getLine() + 1;
    }

    InvalidInputException error(String problem) {
      return new InvalidInputException(document.file, line(), path, problem);
    }

    boolean isNull() {
      return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    /** Entries of a mapping, in file order; keys outside {@code allowed} are an error. */
    Map<String, Value> mapping(Set<String> allowed) {
      if (!(node instanceof MappingNode mapping)) {
        throw error("expected a mapping");
      }
      Map<String, Value> entries = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          throw new InvalidInputException(
              document.file,
              tuple.getKeyNode().getStartMark().getLine() + 1,
              path,
              "expected a plain key");
        }
        String name = key.getValue();
        String childPath = path.isEmpty() ? name : path + "." + name;
        if (!allowed.isEmpty() && !allowed.contains(name)) {
          throw new InvalidInputException(
              document.file,
              key.getStartMark().getLine() + 1,
              childPath,
              "unknown key (expected one of " + String.join(", ", allowed) + ")");
        }
        if (entries.put(name, new Value(document, childPath, tuple.getValueNode())) != null) {
          throw new InvalidInputException(
              document.file, key.getStartMark().getLine() + 1, childPath, "duplicate key");
        }
      }
      return entries;
    }

    /** Items of a sequence; a null value (empty key) is an empty list. */
    List<Value> sequence() {
      if (isNull()) {
        return List.of();
      }
      if (!(node instanceof SequenceNode sequence)) {
        throw error("expected a list");
      }
      List<Value> items = new ArrayList<>();
      List<Node> nodes = sequence.getValue();
      for (int i = 0; i < nodes.size(); i++) {
        items.add(new Value(document, path + "[" + i + "]", nodes.get(i)));
      }
      return items;
    }

    String string() {
      if (!(node instanceof ScalarNode scalar) || isNull()) {
        throw error("expected a string");
      }
      return scalar.getValue();
    }

    boolean bool() {
      if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)) {
        throw error("expected true or false");
      }
      return Boolean.parseBoolean(scalar.getValue().toLowerCase(Locale.ROOT));
    }

    IpPrefix prefix() {
      String text = string();
      try {
        return IpPrefix.parse(text.trim());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(document.file, line(), path, e.getMessage(), e);
      }
    }
  }

  /** Reads the root node; empty documents are an error. */
  static Value read(String file, InputStream in) throws IOException {
    requireNonNull(file, "file is null");
    YamlDocument document = new YamlDocument(file);
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported by mapping() with the line
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      Node root =
          new Yaml(
                  new SafeConstructor(options),
                  new org.yaml.snakeyaml.representer.Representer(
                      new org.yaml.snakeyaml.DumperOptions()),
                  new org.yaml.snakeyaml.DumperOptions(),
                  options)
              .compose(reader);
      if (root == null) {
        throw new InvalidInputException(file, 1, "(root)", "the document is empty");
      }
      return new Value(document, "", root);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      throw new InvalidInputException(file, line, "yaml", e.getProblem(), e);
    } catch (YAMLException e) {
      throw new InvalidInputException(file, 1, "yaml", e.getMessage(), e);
    }
  }

  static Optional<Value> optional(Map<String, Value> entries, String key) {
    return Optional.ofNullable(entries.get(key)).filter(v -> !v.isNull());
  }
}
