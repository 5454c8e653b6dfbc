package dev.netcost.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus metric names netcost's code exports, read from its metric registrations: every
 * {@code .counter("name", ...)} and {@code .gauge("name", ...)} call on the collectors' {@code
 * Metrics} registry in the main sources of every module. A registration whose name is not a string
 * literal cannot be read this way and is reported, so a refactoring cannot hide a name; and the
 * registry's own registration methods are listed, so a new kind (a histogram) fails until this
 * reader knows it.
 */
final class ExportedMetrics {
  static final Path REGISTRY =
      Path.of("collector/common/src/main/java/dev/netcost/collector/common/Metrics.java");

  /** The registry's methods that register a series; its other public methods only read. */
  static final Set<String> REGISTRATION_METHODS = Set.of("counter", "gauge");

  private static final Pattern LITERAL =
      Pattern.compile("\\.(counter|gauge)\\(\\s*\"([a-zA-Z_:][a-zA-Z0-9_:]*)\"");
  private static final Pattern ANY_CALL = Pattern.compile("\\.(counter|gauge)\\(\\s*([^\\s)])");
  private static final Pattern PUBLIC_METHOD =
      Pattern.compile(
          "public (?:synchronized )?[\\w.<>]+ (\\w+)\\(\\s*String name,\\s*String help");

  /**
   * The names; per name the label names and values its registrations pass as literals (absent when
   * a registration passes labels that are not literals, so they cannot be checked); and the
   * registrations that could not be read.
   */
  record Scan(
      Set<String> names, Map<String, Map<String, Set<String>>> labels, List<String> unreadable) {}

  private ExportedMetrics() {}

  static Scan scan(Path repository) {
    Set<String> names = new TreeSet<>();
    Map<String, Map<String, Set<String>>> labels = new TreeMap<>();
    Set<String> opaque = new TreeSet<>();
    List<String> unreadable = new ArrayList<>();
    for (Path file : mainSources(repository)) {
      String text = read(file);
      if (!text.contains("Metrics")) {
        continue;
      }
      Matcher literal = LITERAL.matcher(text);
      while (literal.find()) {
        String name = literal.group(2);
        names.add(name);
        List<String> arguments = arguments(text, literal.start(1) + literal.group(1).length());
        Map<String, Set<String>> known = labels.computeIfAbsent(name, n -> new TreeMap<>());
        // arguments: name, help, then label name/value pairs (gauges: name, help, supplier, pairs)
        int first = literal.group(1).equals("gauge") ? 3 : 2;
        for (int i = first; i + 1 < arguments.size(); i += 2) {
          String label = unquote(arguments.get(i));
          String value = unquote(arguments.get(i + 1));
          if (label == null || value == null) {
            opaque.add(name);
          } else {
            known.computeIfAbsent(label, l -> new TreeSet<>()).add(value);
          }
        }
        if (arguments.size() > first && (arguments.size() - first) % 2 != 0) {
          opaque.add(name);
        }
      }
      Matcher call = ANY_CALL.matcher(text);
      while (call.find()) {
        if (!call.group(2).equals("\"")) {
          int line =
              (int) text.substring(0, call.start()).chars().filter(c -> c == '\n').count() + 1;
          unreadable.add(
              repository.relativize(file) + ":" + line + " registers a name that is not a literal");
        }
      }
    }
    opaque.forEach(labels::remove);
    return new Scan(names, labels, unreadable);
  }

  /** The top-level arguments of the call whose opening parenthesis is at {@code open}. */
  private static List<String> arguments(String text, int open) {
    List<String> arguments = new ArrayList<>();
    int depth = 0;
    boolean inString = false;
    StringBuilder current = new StringBuilder();
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        current.append(c);
        if (c == '\\') {
          current.append(text.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        inString = true;
        current.append(c);
      } else if (c == '(' || c == '{' || c == '[') {
        if (depth++ > 0) {
          current.append(c);
        }
      } else if (c == ')' || c == '}' || c == ']') {
        if (--depth == 0) {
          arguments.add(current.toString().strip());
          return arguments;
        }
        current.append(c);
      } else if (c == ',' && depth == 1) {
        arguments.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    throw new IllegalStateException("Unbalanced call at offset " + open);
  }

  /** The value of a single string literal, or null for anything else. */
  private static String unquote(String argument) {
    return argument.matches("\"[^\"\\\\]*\"") ? argument.substring(1, argument.length() - 1) : null;
  }

  /** The public methods of the registry that take a metric name and its help text. */
  static Set<String> registryMethods(Path repository) {
    Set<String> methods = new TreeSet<>();
    Matcher matcher = PUBLIC_METHOD.matcher(read(repository.resolve(REGISTRY)));
    while (matcher.find()) {
      methods.add(matcher.group(1));
    }
    return methods;
  }

  private static List<Path> mainSources(Path repository) {
    try (Stream<Path> files = Files.walk(repository)) {
      return files
          .filter(file -> file.toString().endsWith(".java"))
          .filter(file -> file.toString().contains("/src/main/java/"))
          .filter(file -> !file.toString().contains("/target/"))
          .filter(file -> !repository.relativize(file).startsWith(".git"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list sources under " + repository, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
