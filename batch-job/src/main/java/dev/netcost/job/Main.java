package dev.netcost.job;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import dev.netcost.contract.cli.CommandLines;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * The {@code netcost} command line: the Spark job's commands, and in the list the two the launcher
 * runs itself ({@code collect}: the collectors, a program without Spark; {@code test}: the build's
 * tests). Failures end as in every netcost program ({@link CommandLines}).
 */
@Command(
    name = "netcost",
    mixinStandardHelpOptions = true,
    versionProvider = CommandLines.Version.class,
    description = "Kubernetes network egress and network-cost chargeback.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      NightlyCommand.class,
      ReconcileCommand.class,
      ReportCommand.class,
      Main.Collect.class,
      Main.Test.class
    },
    footer = {"", CommandLines.EXIT_CODES})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The command line with netcost's failure handling. */
  static CommandLine commandLine() {
    return CommandLines.configure(new CommandLine(new Main()), Main::missingConnector);
  }

  static ErrorKind classify(Throwable exception) {
    return CommandLines.describe(exception, Main::missingConnector).kind();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code netcost collect}, listed here; the launcher runs the collectors' own program. */
  @Command(
      name = "collect",
      description = {
        "Run a collector: flows (conntrack) or metadata (Kubernetes API).",
        "The collectors are their own program, without Spark: ./netcost collect --help lists their"
            + " options; in a cluster they run from the collector image."
      })
  static final class Collect implements Runnable {
    @Parameters(paramLabel = "COLLECTOR", description = "flows or metadata, and its options.")
    List<String> arguments = new ArrayList<>();

    @Unmatched List<String> options = new ArrayList<>();

    @Override
    public void run() {
      throw launcherOnly("collect");
    }
  }

  /** {@code netcost test}, listed here; the launcher runs the build's tests. */
  @Command(
      name = "test",
      description = {
        "Run the tests (sets up the test tools, then mvn verify).",
        "scripts/setup-test-env.sh installs the tools the tests run against; the arguments are"
            + " passed to mvn verify, e.g. ./netcost test -pl batch-job."
      })
  static final class Test implements Runnable {
    @Parameters(paramLabel = "MAVEN_ARGUMENT", description = "Passed to mvn verify.")
    List<String> arguments = new ArrayList<>();

    @Unmatched List<String> options = new ArrayList<>();

    @Override
    public void run() {
      throw launcherOnly("test");
    }
  }

  private static NetcostException launcherOnly(String command) {
    return NetcostException.user(
        "'%s' is run by the ./netcost launcher, not by the job's program: ./netcost %s",
        command, command);
  }

  private static final Pattern MISSING_CONNECTOR =
      Pattern.compile(
          "No FileSystem for scheme \"?(\\w+)|Class (org\\.apache\\.hadoop\\.fs\\.s3a\\.S3AFileSystem|"
              + "com\\.google\\.cloud\\.hadoop\\.fs\\.gcs\\.GoogleHadoopFileSystem|"
              + "org\\.apache\\.hadoop\\.fs\\.azurebfs\\.\\w+) not found");

  /** The job's own culprit: a store scheme without its Hadoop connector on the class path. */
  static Optional<CommandLines.Failure> missingConnector(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    Matcher missing = MISSING_CONNECTOR.matcher(message);
    if (!dev.netcost.spark.StoreFiles.isUnsupportedScheme(cause) && !missing.find()) {
      return Optional.empty();
    }
    String connector =
        message.contains("s3a") || message.contains("S3A")
            ? "hadoop-aws 3.4.2 and the AWS SDK bundle"
            : message.contains("gs") || message.contains("Google")
                ? "the shaded gcs-connector (hadoop3)"
                : message.contains("abfs") || message.contains("azurebfs")
                    ? "hadoop-azure 3.4.2"
                    : "the Hadoop connector of that scheme";
    return Optional.of(
        new CommandLines.Failure(
            ErrorKind.USER,
            "no Hadoop connector on the class path for this store ("
                + CommandLines.firstLine(message)
                + "): put "
                + connector
                + " in netcost's connectors/ directory or name the jars in NETCOST_JARS"
                + " (docs/spark-clusters.md, \"Object storage connectors\")"));
  }
}
