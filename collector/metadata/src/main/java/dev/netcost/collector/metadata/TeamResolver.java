package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.KeyValueLines;
import dev.netcost.contract.Sentinels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which team owns an object. The first rule that yields a non-blank value wins:
 *
 * <ol>
 *   <li>the object's own label {@code objectLabel} (pods and services; off unless configured);
 *   <li>its namespace's label {@code namespaceLabel} (default {@code team});
 *   <li>the mapping file's entry for its namespace;
 *   <li>{@link Sentinels#UNASSIGNED_TEAM}.
 * </ol>
 *
 * Nodes have no namespace: a node's team is its own {@code namespaceLabel} label if it has one
 * (node pools dedicated to a team), else unassigned.
 */
final class TeamResolver {
  private final Optional<String> objectLabel;
  private final Optional<String> namespaceLabel;
  private final Map<String, String> namespaceTeams;

  TeamResolver(
      Optional<String> objectLabel,
      Optional<String> namespaceLabel,
      Map<String, String> namespaceTeams) {
    this.objectLabel = requireNonNull(objectLabel, "objectLabel is null");
    this.namespaceLabel = requireNonNull(namespaceLabel, "namespaceLabel is null");
    this.namespaceTeams = Map.copyOf(namespaceTeams);
  }

  static TeamResolver defaults() {
    return new TeamResolver(Optional.empty(), Optional.of("team"), Map.of());
  }

  String team(
      Map<String, String> objectLabels, String namespace, Map<String, String> namespaceLabels) {
    Optional<String> own = objectLabel.map(objectLabels::get).filter(v -> !v.isBlank());
    if (own.isPresent()) {
      return own.get();
    }
    Optional<String> fromNamespace =
        namespaceLabel.map(namespaceLabels::get).filter(v -> !v.isBlank());
    if (fromNamespace.isPresent()) {
      return fromNamespace.get();
    }
    String mapped = namespaceTeams.get(namespace);
    return mapped != null ? mapped : Sentinels.UNASSIGNED_TEAM;
  }

  String nodeTeam(Map<String, String> nodeLabels) {
    return namespaceLabel
        .map(nodeLabels::get)
        .filter(v -> !v.isBlank())
        .orElse(Sentinels.UNASSIGNED_TEAM);
  }

  /**
   * Reads a mapping file ({@link KeyValueLines}): one {@code namespace=team} per line; blank lines
   * and lines starting with {@code #} are ignored. A malformed line or a namespace listed twice is
   * an error naming the file and line.
   */
  static Map<String, String> readMapping(Path file) throws IOException {
    Map<String, String> teams = new HashMap<>();
    for (KeyValueLines.Line line : KeyValueLines.read(file)) {
      String namespace = line.key();
      String team = line.value();
      if (namespace.isEmpty() || team.isEmpty()) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid team mapping in %s line %d: expected namespace=team, got '%s'",
                file, line.number(), line.text()));
      }
      String previous = teams.putIfAbsent(namespace, team);
      if (previous != null) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid team mapping in %s line %d: namespace '%s' is already mapped to '%s'",
                file, line.number(), namespace, previous));
      }
    }
    return teams;
  }
}
