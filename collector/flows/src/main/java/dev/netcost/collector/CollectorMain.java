package dev.netcost.collector;

import dev.netcost.collector.common.CollectorSubcommand;
import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.cli.CommandLines;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code netcost collect <collector>}: the collectors' entry point. Every {@link
 * CollectorSubcommand} on the class path (registered in {@code META-INF/services}) becomes a
 * subcommand of {@code collect}, under its picocli name. Failures end as in every netcost command
 * ({@link CommandLines}, the job's handler): one line naming the value, and exit code 1 (bad input
 * or configuration), 2 (an external system: kernel, object store, API server) or 3 (internal
 * error); the stack trace goes to the log file ({@code -Dnetcost.log.file}).
 */
@Command(
    name = "netcost",
    mixinStandardHelpOptions = true,
    versionProvider = CommandLines.Version.class,
    description = "Kubernetes network egress and network-cost chargeback.",
    footer = {"", CommandLines.EXIT_CODES})
public final class CollectorMain {
  private CollectorMain() {}

  /** The {@code collect} command: one subcommand per collector. */
  @Command(
      name = "collect",
      mixinStandardHelpOptions = true,
      versionProvider = CommandLines.Version.class,
      description = "Run a collector: flows (conntrack) or metadata (Kubernetes API).")
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
    // failures end as in every netcost program: one line, exit code by who is at fault
    return CommandLines.configure(root, CommandLines.Culprits.NONE);
  }

  /** What kind of failure an exception is: the exit code of the command. */
  public static ErrorKind classify(Throwable exception) {
    return CommandLines.describe(exception, CommandLines.Culprits.NONE).kind();
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
