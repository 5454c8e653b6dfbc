package dev.netcost.collector;

import dev.netcost.collector.common.CollectorSubcommand;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code netcost collect <collector>}: the collectors' entry point. Every {@link
 * CollectorSubcommand} on the class path (registered in {@code META-INF/services}) becomes a
 * subcommand of {@code collect}, under its picocli name.
 */
@Command(
    name = "netcost",
    mixinStandardHelpOptions = true,
    description = "Kubernetes network egress and network-cost chargeback.")
public final class CollectorMain {
  private CollectorMain() {}

  /** The {@code collect} command: one subcommand per collector. */
  @Command(name = "collect", mixinStandardHelpOptions = true, description = "Run a collector.")
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
          return 1;
        });
    return root;
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
