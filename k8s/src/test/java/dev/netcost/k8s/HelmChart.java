package dev.netcost.k8s;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * charts/netcost rendered and linted by Helm itself: helm-java runs Helm's Go code (the native
 * library in its linux-amd64 jar from Maven Central), so {@code template} and {@code lint} are
 * Helm's own, values.schema.json included. Errors come back as {@link IllegalStateException} with
 * Helm's message.
 */
final class HelmChart {
  static final String RELEASE = "netcost";

  private HelmChart() {}

  static Path directory() {
    String configured = System.getProperty("netcost.chart.dir");
    Path dir =
        (configured == null ? Paths.repository().resolve("charts/netcost") : Path.of(configured))
            .toAbsolutePath()
            .normalize();
    if (!Files.isRegularFile(dir.resolve("Chart.yaml"))) {
      throw new IllegalStateException("Not the chart directory (no Chart.yaml): " + dir);
    }
    return dir;
  }

  /** The provider's example values file, as docs/deploy.md tells a user to start from. */
  static Path example(String provider) {
    return directory().resolve("examples").resolve(provider + ".yaml");
  }

  /** {@code helm template netcost charts/netcost -f file... --set key=value...}, as YAML text. */
  static String template(List<Path> valuesFiles, Map<String, Object> set) {
    TemplateCommand command = new Helm(directory()).template().withName(RELEASE);
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    for (Map.Entry<String, Object> entry : new java.util.TreeMap<>(set).entrySet()) {
      command = command.set(entry.getKey(), entry.getValue());
    }
    return command.call();
  }

  /** The rendered objects, loaded strictly (unknown fields fail) like the kustomize output. */
  static List<Manifest> render(List<Path> valuesFiles, Map<String, Object> set) {
    return ManifestLoader.load("helm template charts/netcost", template(valuesFiles, set));
  }

  /** The example values of a provider, plus {@code set}. */
  static List<Manifest> render(String provider, Map<String, Object> set) {
    return render(List.of(example(provider)), set);
  }

  /**
   * {@code helm lint} of a copy of the chart whose values.yaml is the shipped one with {@code
   * extraValues} appended as a second values layer: helm lint reads only the chart's own
   * values.yaml, so the copy carries the values to lint with.
   */
  static LintResult lint(Path workDirectory, String extraValues) {
    Path copy = workDirectory.resolve("netcost");
    copyTree(directory(), copy);
    if (!extraValues.isEmpty()) {
      // the copy's values.yaml: the shipped defaults deep-merged with the extra values (Helm's
      // rule for a second values file: maps merge, everything else replaces)
      Map<String, Object> merged =
          Yaml.deepMerge(Yaml.readMap(copy.resolve("values.yaml")), Yaml.parseMap(extraValues));
      try {
        Files.writeString(copy.resolve("values.yaml"), Yaml.write(merged), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + copy.resolve("values.yaml"), e);
      }
    }
    return new Helm(copy).lint().strict().call();
  }

  /** The version of the Helm library, for test reports. */
  static String helmVersion() {
    return Helm.version().call();
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
    }
  }
}
