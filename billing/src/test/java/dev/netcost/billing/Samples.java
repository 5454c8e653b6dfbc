package dev.netcost.billing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared real-world samples: {@code NETCOST_SAMPLES} when set, else the first {@code
 * shared/samples} found walking up from the working directory (CI has the clone next to {@code
 * shared/}). Tests skip with a message when there is none (a fresh clone by a user).
 */
final class Samples {
  private Samples() {}

  static Optional<Path> root() {
    String configured = System.getenv("NETCOST_SAMPLES");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("samples");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The sample file, or skips the test saying what is missing (fails in CI, which has them). */
  static Path require(String relative) {
    Optional<Path> root = root();
    if ("true".equals(System.getenv("CI")) && root.isEmpty()) {
      throw new IllegalStateException(
          "CI=true but no shared/samples found above " + Path.of("").toAbsolutePath());
    }
    assumeTrue(
        root.isPresent(),
        "Skipping: no shared/samples found (set NETCOST_SAMPLES or run inside a checkout next to"
            + " shared/)");
    Path file = root.get().resolve(relative);
    assumeTrue(Files.isRegularFile(file), "Skipping: sample " + file + " is absent");
    return file;
  }
}
