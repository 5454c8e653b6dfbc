package dev.netcost.collector;

import dev.netcost.collector.common.CollectorSubcommand;
import dev.netcost.collector.common.CollectorVersion;
import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code netcost collect <collector>}: the collectors' entry point. Every {@link
 * CollectorSubcommand} on the class path (registered in {@code META-INF/services}) becomes a
 * subcommand of {@code collect}, under its picocli name. Failures end as in every netcost command:
 * one line naming the value, and exit code 1 (bad input or configuration), 2 (an external system:
 * kernel, object store, API server) or 3 (internal error, with the stack trace).
 */
@Command(
    name = "netcost",
    mixinStandardHelpOptions = true,
    versionProvider = CollectorVersion.class,
    description = "Kubernetes network egress and network-cost chargeback.",
    footer = {
      "",
      "Exit codes: 0 ok; 1 bad input or configuration; 2 an external system failed; 3 internal error."
    })
public final class CollectorMain {
  private CollectorMain() {}

  /** The {@code collect} command: one subcommand per collector. */
  @Command(
      name = "collect",
      mixinStandardHelpOptions = true,
      versionProvider = CollectorVersion.class,
      description = "Run a collector.")
  static final class Collect implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Missing collector: one of " + spec.subcommands().keySet());
    }
  }

  /** The command line with every collector registered. */
  public static CommandLine commandLine() {
    CommandLine collect = new CommandLine(new Collect());
    for (CollectorSubcommand subcommand : ServiceLoader.load(CollectorSubcommand.class)) {
      collect.addSubcommand(subcommand);
    }
    CommandLine root = new CommandLine(new CollectorMain());
    root.addSubcommand(collect);
    // a malformed command line is bad input: exit 1, as for every netcost command (2 means an
    // external system failed)
    root.setParameterExceptionHandler(
        (exception, arguments) -> {
          CommandLine line = exception.getCommandLine();
          line.getErr().println("error: " + exception.getMessage());
          line.usage(line.getErr());
          return ErrorKind.USER.exitCode();
        });
    root.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          ErrorKind kind = classify(exception);
          line.getErr()
              .println(
                  switch (kind) {
                    case USER -> "error: " + exception.getMessage();
                    case EXTERNAL -> "error (external system): " + exception.getMessage();
                    case INTERNAL -> "internal error: " + exception;
                  });
          if (kind == ErrorKind.INTERNAL) {
            exception.printStackTrace(line.getErr());
          }
          return kind.exitCode();
        });
    return root;
  }

  /** What kind of failure an exception is: the exit code of the command. */
  public static ErrorKind classify(Throwable exception) {
    if (exception instanceof NetcostException netcost) {
      return netcost.kind();
    }
    if (exception instanceof IllegalArgumentException) {
      return ErrorKind.USER;
    }
    if (exception instanceof IOException || exception instanceof UncheckedIOException) {
      return ErrorKind.EXTERNAL;
    }
    return ErrorKind.INTERNAL;
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
