package dev.netcost.k8s;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads manifests into typed objects: every document must map to a fabric8 model class (or to a
 * {@link CustomResource} record: ScheduledSparkApplication, PrometheusRule, PodMonitor), with no
 * unknown field anywhere in it and no duplicate key. Errors name the source, the document number
 * and the field path.
 */
final class ManifestLoader {
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final JsonMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

  /** The kinds fabric8 has no model for, and their records. */
  private static final java.util.Map<String, CustomKind> CUSTOM_KINDS =
      java.util.Map.of(
          ScheduledSparkApplication.KIND,
          new CustomKind(ScheduledSparkApplication.API_VERSION, ScheduledSparkApplication.class),
          PrometheusRule.KIND,
          new CustomKind(PrometheusRule.API_VERSION, PrometheusRule.class),
          PodMonitor.KIND,
          new CustomKind(PodMonitor.API_VERSION, PodMonitor.class));

  private record CustomKind(String apiVersion, Class<? extends CustomResource> type) {}

  private ManifestLoader() {}

  /**
   * Every YAML file under {@code root} except kustomization files, target/ and src/, in path order.
   */
  static List<Path> manifestFiles(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> file.getFileName().toString().endsWith(".yaml"))
          .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
          // build output and test code are not manifests
          .filter(file -> !file.startsWith(root.resolve("target")))
          .filter(file -> !file.startsWith(root.resolve("src")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list manifests under " + root, e);
    }
  }

  static List<Manifest> loadFile(Path file, Path relativeTo) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read manifest " + file, e);
    }
    return load(relativeTo.relativize(file).toString(), text);
  }

  /** All documents of one YAML stream; empty documents (a trailing {@code ---}) are skipped. */
  static List<Manifest> load(String source, String yaml) {
    requireNonNull(source, "source is null");
    requireNonNull(yaml, "yaml is null");
    List<Manifest> manifests = new ArrayList<>();
    // the document being read: a parse error belongs to it
    int document = 1;
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      for (; documents.hasNext(); document++) {
        JsonNode node = documents.next();
        if (node == null || node.isNull() || node.isMissingNode()) {
          continue;
        }
        manifests.add(new Manifest(source, document, toTyped(source, document, node)));
      }
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          source + " document " + document + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    return manifests;
  }

  private static Object toTyped(String source, int document, JsonNode node) {
    String where = source + " document " + document;
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException(where + ": not a mapping: " + node.getNodeType());
    }
    String apiVersion = text(object, "apiVersion");
    String kind = text(object, "kind");
    if (apiVersion == null || kind == null) {
      throw new IllegalArgumentException(where + ": apiVersion and kind are required");
    }
    Object typed;
    CustomKind custom = CUSTOM_KINDS.get(kind);
    if (custom != null) {
      if (!apiVersion.equals(custom.apiVersion())) {
        throw new IllegalArgumentException(
            where + ": unsupported apiVersion for " + kind + ": " + apiVersion);
      }
      try {
        typed = STRICT.treeToValue(object, custom.type());
      } catch (JacksonException e) {
        throw new IllegalArgumentException(where + ": " + e.getOriginalMessage(), e);
      }
    } else {
      KubernetesResource resource;
      try {
        resource = KUBERNETES.convertValue(object, KubernetesResource.class);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            where + ": cannot map " + kind + ": " + e.getMessage(), e);
      }
      if (resource instanceof GenericKubernetesResource || !(resource instanceof HasMetadata)) {
        throw new IllegalArgumentException(
            where + ": no typed model for " + apiVersion + " " + kind);
      }
      typed = resource;
    }
    List<String> unknown = UnknownFields.find(typed);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(where + " (" + kind + "): unknown fields " + unknown);
    }
    return typed;
  }

  private static String text(ObjectNode object, String field) {
    JsonNode value = object.get(field);
    return value == null || !value.isString() ? null : value.asString();
  }
}
