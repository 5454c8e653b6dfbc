package dev.netcost.job;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
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
          ErrorKind kind = classify(exception);
          line.getErr()
              .println(
                  line.getColorScheme()
                      .errorText(
                          switch (kind) {
                            case USER -> "error: " + exception.getMessage();
                            case EXTERNAL -> "error (external system): " + exception.getMessage();
                            case INTERNAL -> "internal error: " + exception;
                          }));
          if (kind == ErrorKind.INTERNAL) {
            exception.printStackTrace(line.getErr());
          }
          return kind.exitCode();
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
    if (exception instanceof NetcostException netcost) {
      return netcost.kind();
    }
    if (exception instanceof IllegalArgumentException) {
      return ErrorKind.USER;
    }
    if (exception instanceof java.io.IOException
        || exception instanceof java.io.UncheckedIOException) {
      return ErrorKind.EXTERNAL;
    }
    return ErrorKind.INTERNAL;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
