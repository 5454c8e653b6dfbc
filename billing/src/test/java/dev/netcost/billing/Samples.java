package dev.netcost.billing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared real-world samples: {@code NETCOST_SAMPLES} when set, else the first {@code
 * shared/samples} found walking up from the working directory (CI has the clone next to {@code
 * shared/}). Tests skip with a message when there is none (a fresh clone by a user), except under
 * {@code CI=true}, where they fail.
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

  /**
   * The sample file. Without one, the test fails under {@code CI=true} (CI has the samples, so a
   * missing directory or file there is a broken checkout, not a reason to skip) and is skipped with
   * a message elsewhere.
   */
  static Path require(String relative) {
    Optional<Path> root = root();
    if (root.isEmpty()) {
      unavailable(
          "no shared/samples found (NETCOST_SAMPLES="
              + System.getenv("NETCOST_SAMPLES")
              + ", working directory "
              + Path.of("").toAbsolutePath()
              + "): set NETCOST_SAMPLES or run inside a checkout next to shared/");
    }
    Path file = root.get().resolve(relative);
    if (!Files.isRegularFile(file)) {
      unavailable("sample " + file + " is absent");
    }
    return file;
  }

  private static void unavailable(String message) {
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(message + "; CI=true, so the sample tests cannot be skipped");
    }
    assumeTrue(false, "Skipping: " + message);
  }
}
