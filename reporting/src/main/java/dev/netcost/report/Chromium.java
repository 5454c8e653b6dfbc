package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium as the PDF printer: it lays out the same HTML, CSS and inline SVG a reader sees
 * in a browser, with CSS paged media (A4, page breaks per section).
 */
public final class Chromium {
  static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
  static final long TIMEOUT_SECONDS = 180;

  private final Path executable;

  public Chromium(Path executable) {
    this.executable = requireNonNull(executable, "executable is null");
  }

  public Path executable() {
    return executable;
  }

  /** The configured path, else NETCOST_CHROMIUM, else the first of {@link #NAMES} on the PATH. */
  public static Optional<Chromium> find(Optional<Path> configured) {
    if (configured.isPresent()) {
      if (!Files.isExecutable(configured.get()) || Files.isDirectory(configured.get())) {
        throw new IllegalArgumentException(
            "Configured Chromium is not an executable file: " + configured.get());
      }
      return Optional.of(new Chromium(configured.get()));
    }
    String variable = System.getenv("NETCOST_CHROMIUM");
    if (variable != null && !variable.isBlank()) {
      return Optional.of(new Chromium(Path.of(variable)));
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : NAMES) {
      for (String directory : path.split(File.pathSeparator)) {
        Path candidate = Path.of(directory, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(new Chromium(candidate));
        }
      }
    }
    return Optional.empty();
  }

  /** Prints the HTML file to an A4 PDF (page size and breaks come from the report's CSS). */
  public void printToPdf(Path html, Path pdf) {
    run(
        List.of(
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            "--print-to-pdf=" + pdf.toAbsolutePath(),
            html.toUri().toString()),
        pdf);
  }

  /** A PNG of the page as a browser window of the given size shows it. */
  public void screenshot(Path html, Path png, int width, int height) {
    run(
        List.of(
            "--hide-scrollbars",
            "--window-size=" + width + "," + height,
            "--screenshot=" + png.toAbsolutePath(),
            html.toUri().toString()),
        png);
  }

  private void run(List<String> arguments, Path output) {
    Path profile = null;
    Path log = null;
    try {
      profile = Files.createTempDirectory("netcost-chromium-");
      log = Files.createTempFile("netcost-chromium-", ".log");
      Files.deleteIfExists(output);
      List<String> command = new ArrayList<>();
      command.add(executable.toString());
      command.addAll(
          List.of(
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--disable-dev-shm-usage",
              "--disable-background-networking",
              "--disable-component-update",
              "--no-first-run",
              "--no-default-browser-check",
              "--user-data-dir=" + profile));
      command.addAll(arguments);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "Chromium did not finish within " + TIMEOUT_SECONDS + " s writing " + output);
      }
      if (process.exitValue() != 0 || !Files.exists(output) || Files.size(output) == 0) {
        throw new IllegalStateException(
            "Chromium ("
                + executable
                + ") exited with "
                + process.exitValue()
                + " and did not write "
                + output
                + ": "
                + tail(Files.readString(log, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run Chromium " + executable, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while Chromium wrote " + output, e);
    } finally {
      deleteQuietly(profile);
      deleteQuietly(log);
    }
  }

  private static String tail(String text) {
    return text.length() <= 2000 ? text.strip() : text.substring(text.length() - 2000).strip();
  }

  static void deleteQuietly(Path path) {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(each -> each.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless; the report itself was written or failed loudly
    }
  }
}
