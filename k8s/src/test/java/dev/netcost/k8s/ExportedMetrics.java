package dev.netcost.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

  record Scan(Set<String> names, List<String> unreadable) {}

  private ExportedMetrics() {}

  static Scan scan(Path repository) {
    Set<String> names = new TreeSet<>();
    List<String> unreadable = new ArrayList<>();
    for (Path file : mainSources(repository)) {
      String text = read(file);
      if (!text.contains("Metrics")) {
        continue;
      }
      Matcher literal = LITERAL.matcher(text);
      while (literal.find()) {
        names.add(literal.group(2));
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
    return new Scan(names, unreadable);
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
