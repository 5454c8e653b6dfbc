package dev.netcost.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code kubectl kustomize} (kustomize built into kubectl). The binary is {@code $KUBECTL} or
 * {@code kubectl} on the PATH, and it must embed kustomize v5 or newer (kubectl 1.27+; Debian
 * bookworm's kubernetes-client 1.20 embeds kustomize v2 and cannot build the overlays). In CI
 * ({@code CI=true}) a missing or too old kubectl fails the test; elsewhere the kustomize tests are
 * skipped with a message.
 */
final class Kustomize {
  private Kustomize() {}

  private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v(\\d+)\\.");
  private static volatile Path checked;

  /**
   * kubectl, found and checked to embed kustomize v5 or newer; skips or fails the test otherwise.
   */
  static Path kubectl() {
    Path known = checked;
    if (known != null) {
      return known;
    }
    Optional<Path> found = locate();
    if (found.isEmpty()) {
      unavailable(
          "kubectl not found (set KUBECTL or put kubectl on the PATH; it must embed kustomize v5,"
              + " i.e. kubectl 1.27 or newer)");
    }
    String version = version(found.get());
    Matcher matcher = KUSTOMIZE_VERSION.matcher(version);
    if (!matcher.find() || Integer.parseInt(matcher.group(1)) < 5) {
      unavailable(
          found.get()
              + " does not embed kustomize v5 or newer (the overlays need kubectl 1.27 or newer): "
              + version);
    }
    checked = found.get();
    return checked;
  }

  private static void unavailable(String message) {
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          message + "; CI=true, so the kustomize builds cannot be skipped");
    }
    Assumptions.abort(message + "; skipping the kustomize builds outside CI");
  }

  private static Optional<Path> locate() {
    String configured = System.getenv("KUBECTL");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException("KUBECTL is not an executable file: " + configured);
      }
      return Optional.of(path);
    }
    String pathVariable = System.getenv("PATH");
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The rendered YAML of the kustomization in {@code dir}. */
  static String build(Path kubectl, Path dir) {
    List<String> command = List.of(kubectl.toString(), "kustomize", dir.toString());
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      CompletableFuture<String> stdout = readAsync(process.getInputStream());
      CompletableFuture<String> stderr = readAsync(process.getErrorStream());
      // a guard against a hung process, not a timing assertion
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in 5 minutes");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed (exit "
                + process.exitValue()
                + "): "
                + stderr.join().strip());
      }
      return stdout.join();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
    }
  }

  /** The version line of the client, for test reports. */
  static String version(Path kubectl) {
    try {
      Process process =
          new ProcessBuilder(kubectl.toString(), "version", "--client")
              .redirectErrorStream(true)
              .start();
      String out = readAsync(process.getInputStream()).join();
      process.waitFor(1, TimeUnit.MINUTES);
      return out.strip().replace('\n', ';');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static CompletableFuture<String> readAsync(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            stream.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
