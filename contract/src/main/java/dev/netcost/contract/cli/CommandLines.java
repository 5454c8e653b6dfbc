package dev.netcost.contract.cli;

import static java.util.Objects.requireNonNull;

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
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command-line conventions every netcost program shares (the Spark job's {@code netcost} and
 * the collectors' {@code netcost collect}): how a failure ends, and the version {@code -V} prints.
 *
 * <p>A failure ends with one line on the error stream naming the culprit, and an exit code by who
 * is at fault ({@link ErrorKind}): 1 bad input or configuration, a malformed command line included
 * (picocli's own 2 would read as an external failure), 2 an external system failed, 3 an internal
 * error. The stack trace goes to the log file the launcher names with {@code -Dnetcost.log.file},
 * and the line ends with {@code (details: FILE)}; without a log file an internal error's stack
 * trace follows the line on the error stream (in a container: the pod's log), and other failures
 * are the line alone.
 */
public final class CommandLines {
  /** The footer of every program's {@code --help}. */
  public static final String EXIT_CODES =
      "Exit codes: 0 ok; 1 bad input or configuration; 2 an external system failed; 3 internal"
          + " error.";

  /** The system property naming the log file that receives stack traces. */
  public static final String LOG_FILE_PROPERTY = "netcost.log.file";

  private CommandLines() {}

  /** Who is at fault, and one line naming the culprit. */
  public record Failure(ErrorKind kind, String message) {
    public Failure {
      requireNonNull(kind, "kind is null");
      requireNonNull(message, "message is null");
    }
  }

  /**
   * The causes a program can name beyond the shared ones (the Spark job: a missing Hadoop
   * connector), asked for every exception of the cause chain.
   */
  @FunctionalInterface
  public interface Culprits {
    Culprits NONE = cause -> Optional.empty();

    Optional<Failure> name(Throwable cause);
  }

  /** {@code netcost VERSION}, the version of this build. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"netcost " + BuildVersion.version()};
    }
  }

  /**
   * Installs the failure handling on a command line and the subcommands it has; returns it.
   * Subcommands added later are not covered: add them first.
   */
  public static CommandLine configure(CommandLine commandLine, Culprits culprits) {
    requireNonNull(culprits, "culprits is null");
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> report(exception, line, culprits));
    commandLine.setParameterExceptionHandler(CommandLines::reportMalformed);
    return commandLine;
  }

  private static int report(Exception exception, CommandLine line, Culprits culprits) {
    Failure failure = describe(exception, culprits);
    Optional<Path> details = writeDetails(exception);
    String text =
        switch (failure.kind()) {
              case USER -> "error: ";
              case EXTERNAL -> "error (external system): ";
              case INTERNAL -> "internal error: ";
            }
            + failure.message()
            + details.map(file -> " (details: " + file + ")").orElse("");
    PrintWriter err = line.getErr();
    err.println(line.getColorScheme().errorText(text));
    if (details.isEmpty() && failure.kind() == ErrorKind.INTERNAL) {
      exception.printStackTrace(err);
    }
    err.flush();
    return failure.kind().exitCode();
  }

  /** A malformed command line: one line naming the argument, and where the options are listed. */
  private static int reportMalformed(ParameterException exception, String[] arguments) {
    CommandLine line = exception.getCommandLine();
    StringBuilder text = new StringBuilder("error: ").append(firstLine(exception.getMessage()));
    if (exception instanceof UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      text.append(" (did you mean ")
          .append(String.join(" or ", unmatched.getSuggestions()))
          .append("?)");
    }
    text.append("; see '").append(line.getCommandSpec().qualifiedName()).append(" --help'");
    line.getErr().println(line.getColorScheme().errorText(text.toString()));
    line.getErr().flush();
    return ErrorKind.USER.exitCode();
  }

  /**
   * Walks the cause chain (Spark wraps task failures several times): netcost's own errors first,
   * then the external causes any program can name — a read-only or unwritable store, a full disk —
   * and the program's own {@code culprits}, and finally the outermost exception's type.
   */
  public static Failure describe(Throwable exception, Culprits culprits) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = exception; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    for (Throwable t : chain) {
      if (t instanceof NetcostException netcost) {
        return new Failure(netcost.kind(), firstLine(netcost.getMessage()));
      }
    }
    for (Throwable t : chain) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof AccessDeniedException denied) {
        return new Failure(
            ErrorKind.EXTERNAL, "cannot write " + denied.getFile() + ": permission denied");
      }
      if (message.contains("Read-only file system")) {
        return new Failure(ErrorKind.EXTERNAL, "the store is read-only: " + firstLine(message));
      }
      if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
        return new Failure(ErrorKind.EXTERNAL, "disk full: " + firstLine(message));
      }
      if (message.contains("Permission denied")) {
        return new Failure(ErrorKind.EXTERNAL, "permission denied: " + firstLine(message));
      }
      Optional<Failure> named = culprits.name(t);
      if (named.isPresent()) {
        return named.get();
      }
    }
    if (exception instanceof IllegalArgumentException) {
      return new Failure(ErrorKind.USER, firstLine(exception.getMessage()));
    }
    if (exception instanceof IOException || exception instanceof UncheckedIOException) {
      return new Failure(ErrorKind.EXTERNAL, firstLine(exception.getMessage()));
    }
    Throwable root = chain.get(chain.size() - 1);
    return new Failure(
        ErrorKind.INTERNAL,
        root.getClass().getName()
            + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage())));
  }

  /** The first non-blank line of a message, stripped; empty for none. */
  public static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    return message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }

  /**
   * Appends the exception's stack trace to the log file ({@value #LOG_FILE_PROPERTY}) and returns
   * its path; empty when no log file is configured or it cannot be written.
   */
  static Optional<Path> writeDetails(Throwable exception) {
    String configured = System.getProperty(LOG_FILE_PROPERTY);
    if (configured == null || configured.isBlank()) {
      return Optional.empty();
    }
    try {
      Path file = Path.of(configured);
      StringWriter trace = new StringWriter();
      exception.printStackTrace(new PrintWriter(trace));
      Files.writeString(
          file,
          Instant.now() + " " + trace + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      return Optional.of(file);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
