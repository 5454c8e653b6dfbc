package dev.netcost.report;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Programs the tests drive (Chromium, LibreOffice, poppler). In CI (CI=true) a missing program
 * fails the test; elsewhere the test is skipped with a message naming the Debian package.
 */
final class ExternalTools {
  private ExternalTools() {}

  static Path require(String program, String debianPackage) {
    Optional<Path> found = find(program);
    if (found.isEmpty()) {
      String message = program + " not found on PATH: install Debian package " + debianPackage;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message + " (required in CI)");
      }
      assumeTrue(false, message + " (skipped outside CI)");
    }
    return found.get();
  }

  static Optional<Path> find(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Runs a command, fails with its output on a non-zero exit; returns stdout+stderr. */
  static String run(Path workingDirectory, List<String> command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("netcost-tool-", ".log");
    try {
      Process process =
          new ProcessBuilder(new ArrayList<>(command))
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("Timed out: " + command);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "Exit " + process.exitValue() + " from " + command + ":\n" + output);
      }
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
