package dev.netcost.job;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code netcost} command line (everything but the collectors, which ship without Spark). */
@Command(
    name = "netcost",
    mixinStandardHelpOptions = true,
    version = "netcost 0.1.0",
    description = "Kubernetes network egress and network-cost chargeback.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      NightlyCommand.class,
      ReportCommand.class,
      ReconcileCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok; 1 bad input or configuration; 2 an external system failed; 3 internal error."
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code. */
  public static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          Failure failure = describe(exception);
          // one line on the terminal; the stack trace goes to the log file
          String details = writeDetails(exception);
          String text =
              switch (failure.kind()) {
                case USER -> "error: " + failure.message();
                case EXTERNAL -> "error (external system): " + failure.message();
                case INTERNAL -> "internal error: " + failure.message();
              };
          line.getErr()
              .println(
                  line.getColorScheme()
                      .errorText(text + (details == null ? "" : " (details: " + details + ")")));
          return failure.kind().exitCode();
        });
    // a malformed command line is bad input too: exit code 1, not picocli's 2 (which means an
    // external failure here)
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          CommandLine line = exception.getCommandLine();
          line.getErr()
              .println(line.getColorScheme().errorText("error: " + exception.getMessage()));
          line.usage(line.getErr());
          return ErrorKind.USER.exitCode();
        });
    return commandLine.execute(args);
  }

  static ErrorKind classify(Throwable exception) {
    return describe(exception).kind();
  }

  /** Who is at fault, and one line naming the culprit. */
  record Failure(ErrorKind kind, String message) {}

  /**
   * Walks the cause chain (Spark wraps task failures several times): netcost's own errors first,
   * then the external causes netcost can name — a read-only or unwritable store, a full disk, a
   * missing Hadoop connector — and finally the outermost exception's type.
   */
  static Failure describe(Throwable exception) {
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
      if (t instanceof java.nio.file.AccessDeniedException denied) {
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
      java.util.regex.Matcher missing = MISSING_CONNECTOR.matcher(message);
      if (dev.netcost.spark.StoreFiles.isUnsupportedScheme(t) || missing.find()) {
        return new Failure(ErrorKind.USER, missingConnector(message));
      }
    }
    if (exception instanceof IllegalArgumentException) {
      return new Failure(ErrorKind.USER, firstLine(exception.getMessage()));
    }
    if (exception instanceof java.io.IOException
        || exception instanceof java.io.UncheckedIOException) {
      return new Failure(ErrorKind.EXTERNAL, firstLine(exception.getMessage()));
    }
    Throwable root = chain.get(chain.size() - 1);
    return new Failure(
        ErrorKind.INTERNAL,
        root.getClass().getName()
            + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage())));
  }

  private static final java.util.regex.Pattern MISSING_CONNECTOR =
      java.util.regex.Pattern.compile(
          "No FileSystem for scheme \"?(\\w+)|Class (org\\.apache\\.hadoop\\.fs\\.s3a\\.S3AFileSystem|"
              + "com\\.google\\.cloud\\.hadoop\\.fs\\.gcs\\.GoogleHadoopFileSystem|"
              + "org\\.apache\\.hadoop\\.fs\\.azurebfs\\.\\w+) not found");

  private static String missingConnector(String message) {
    String connector =
        message.contains("s3a") || message.contains("S3A")
            ? "hadoop-aws 3.4.2 and the AWS SDK bundle"
            : message.contains("gs") || message.contains("Google")
                ? "the shaded gcs-connector (hadoop3)"
                : message.contains("abfs") || message.contains("azurebfs")
                    ? "hadoop-azure 3.4.2"
                    : "the Hadoop connector of that scheme";
    return "no Hadoop connector on the class path for this store ("
        + firstLine(message)
        + "): put "
        + connector
        + " in netcost's connectors/ directory or name the jars in NETCOST_JARS"
        + " (docs/spark-clusters.md, \"Object storage connectors\")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    return message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }

  /**
   * Appends the exception's stack trace to the log file ({@code -Dnetcost.log.file}, which the
   * launcher sets; else a new temporary file) and returns its path, or null when nothing could be
   * written.
   */
  static String writeDetails(Throwable exception) {
    try {
      String configured = System.getProperty("netcost.log.file");
      java.nio.file.Path file =
          configured != null
              ? java.nio.file.Path.of(configured)
              : java.nio.file.Files.createTempFile("netcost-", ".log");
      java.io.StringWriter trace = new java.io.StringWriter();
      exception.printStackTrace(new java.io.PrintWriter(trace));
      java.nio.file.Files.writeString(
          file,
          java.time.Instant.now() + " " + trace + System.lineSeparator(),
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      return file.toString();
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
