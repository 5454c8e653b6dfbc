package dev.netcost.contract.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.BuildVersion;
import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandLinesTest {
  /** A command that fails with the exception it is given. */
  @Command(
      name = "tool",
      versionProvider = CommandLines.Version.class,
      mixinStandardHelpOptions = true)
  static final class Tool implements Callable<Integer> {
    final Exception failure;

    @Option(names = "--count", description = "A number.")
    int count;

    Tool(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  private record Run(int exitCode, String err) {}

  private static Run run(Exception failure, String... args) {
    CommandLine line =
        CommandLines.configure(
            new CommandLine(new Tool(failure)),
            cause -> {
              if (cause.getMessage() != null && cause.getMessage().startsWith("special")) {
                return Optional.of(
                    new CommandLines.Failure(ErrorKind.USER, "named by the program"));
              }
              return Optional.empty();
            });
    StringWriter err = new StringWriter();
    line.setErr(new PrintWriter(err));
    return new Run(line.execute(args), err.toString());
  }

  @Test
  void eachKindIsOneLineWithItsExitCode() {
    String nl = System.lineSeparator();
    assertThat(run(NetcostException.user("bad %s in %s", "x", "f.csv")))
        .isEqualTo(new Run(1, "error: bad x in f.csv" + nl));
    assertThat(run(new IllegalArgumentException("Invalid CIDR: '10.0.0.0/33'\nmore")))
        .isEqualTo(new Run(1, "error: Invalid CIDR: '10.0.0.0/33'" + nl));
    assertThat(run(new IOException("connection refused")))
        .isEqualTo(new Run(2, "error (external system): connection refused" + nl));
    assertThat(run(new UncheckedIOException(new IOException("reset"))))
        .isEqualTo(new Run(2, "error (external system): java.io.IOException: reset" + nl));
    // netcost's own error anywhere in the chain wins
    assertThat(
            run(
                new RuntimeException(
                    "task failed",
                    NetcostException.external("store down", new IOException("503")))))
        .isEqualTo(new Run(2, "error (external system): store down" + nl));
    assertThat(run(new RuntimeException("wrapped", new AccessDeniedException("/data/x"))))
        .isEqualTo(
            new Run(2, "error (external system): cannot write /data/x: permission denied" + nl));
    assertThat(run(new RuntimeException(new IOException("No space left on device"))))
        .isEqualTo(
            new Run(
                2,
                "error (external system): disk full: java.io.IOException: No space left on device"
                    + nl));
    assertThat(run(new RuntimeException("x", new IllegalStateException("special case"))))
        .isEqualTo(new Run(1, "error: named by the program" + nl));
  }

  @Test
  void anInternalErrorWithoutALogFileShowsItsStackTrace() {
    System.clearProperty(CommandLines.LOG_FILE_PROPERTY);
    Run run = run(new IllegalStateException("broken\ninvariant"));
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err().lines().findFirst())
        .contains("internal error: java.lang.IllegalStateException: broken");
    assertThat(run.err()).contains("\tat dev.netcost.contract.cli.CommandLinesTest.");
  }

  @Test
  void withALogFileTheTraceGoesThereAndTheLineNamesIt(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("netcost.log");
    System.setProperty(CommandLines.LOG_FILE_PROPERTY, log.toString());
    try {
      Run internal = run(new NullPointerException("x is null"));
      assertThat(internal)
          .isEqualTo(
              new Run(
                  3,
                  "internal error: java.lang.NullPointerException: x is null (details: "
                      + log
                      + ")"
                      + System.lineSeparator()));
      Run user = run(new IllegalArgumentException("bad"));
      assertThat(user)
          .isEqualTo(new Run(1, "error: bad (details: " + log + ")" + System.lineSeparator()));
      String details = Files.readString(log);
      assertThat(details)
          .contains("java.lang.NullPointerException: x is null")
          .contains("java.lang.IllegalArgumentException: bad")
          .contains("\tat dev.netcost.contract.cli.CommandLinesTest.");
    } finally {
      System.clearProperty(CommandLines.LOG_FILE_PROPERTY);
    }
  }

  @Test
  void aMalformedCommandLineIsOneLineWithExitCodeOne() {
    assertThat(run(new IllegalStateException(), "--count", "many"))
        .isEqualTo(
            new Run(
                1,
                "error: Invalid value for option '--count': 'many' is not an int; see 'tool --help'"
                    + System.lineSeparator()));
    assertThat(run(new IllegalStateException(), "--coutn", "1"))
        .isEqualTo(
            new Run(
                1,
                "error: Unknown options: '--coutn', '1' (did you mean --count?); see 'tool --help'"
                    + System.lineSeparator()));
  }

  @Test
  void theVersionIsTheBuildsVersion() {
    assertThat(BuildVersion.version()).matches("[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?");
    CommandLine line = new CommandLine(new Tool(new IllegalStateException()));
    StringWriter out = new StringWriter();
    line.setOut(new PrintWriter(out));
    assertThat(line.execute("-V")).isZero();
    assertThat(out).hasToString("netcost " + BuildVersion.version() + System.lineSeparator());
  }
}
