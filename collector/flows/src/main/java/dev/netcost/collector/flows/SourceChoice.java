package dev.netcost.collector.flows;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --source auto}: the in-process netlink reader when a ctnetlink socket can be opened and
 * subscribed to DESTROY events, else conntrack-tools when it runs, else {@code /proc}, else a clear
 * error. The choice is logged with the reason each earlier one was passed over.
 */
final class SourceChoice {
  private static final Logger LOG = System.getLogger(SourceChoice.class.getName());

  private SourceChoice() {}

  /** Tests replace the netlink probe; production asks the kernel. */
  interface NetlinkProbe {
    /** Null when the netlink source works, else why not. */
    String problem();
  }

  static String choose(HostCommands host, String conntrack, Path procFile) {
    return choose(
        host,
        conntrack,
        procFile,
        () -> {
          Path namespace;
          try {
            namespace = host.networkNamespace();
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
          return NetlinkConntrackSource.probe(namespace);
        });
  }

  static String choose(HostCommands host, String conntrack, Path procFile, NetlinkProbe netlink) {
    String netlinkError = netlink.problem();
    if (netlinkError == null) {
      LOG.log(
          Level.INFO, "Conntrack source: netlink (in-process ctnetlink dump and DESTROY events)");
      return "netlink";
    }
    String toolError;
    try {
      host.run(List.of(conntrack, "--version"));
      LOG.log(
          Level.WARNING,
          "Conntrack source: conntrack-tools ({0}); the netlink reader cannot run: {1}",
          conntrack,
          netlinkError);
      return "conntrack";
    } catch (IOException e) {
      toolError = e.getMessage();
    }
    try {
      host.run(List.of("test", "-r", procFile.toString()));
      LOG.log(
          Level.WARNING,
          "Conntrack source: {2}, because the netlink reader cannot run ({3}) and {0} cannot run"
              + " ({1}): no DESTROY events, so connections shorter than the poll interval are not"
              + " measured",
          conntrack,
          toolError,
          procFile,
          netlinkError);
      return "proc";
    } catch (IOException e) {
      throw new NetcostException(
          ErrorKind.EXTERNAL,
          "No conntrack source: netlink cannot be used ("
              + netlinkError
              + "), "
              + conntrack
              + " cannot run ("
              + toolError
              + ") and "
              + procFile
              + " cannot be read ("
              + e.getMessage()
              + "); run the agent as root or with CAP_NET_ADMIN in the host network namespace",
          e);
    }
  }

  /**
   * An explicitly chosen source ({@code --source netlink|conntrack|proc}), checked at startup;
   * returns it, or fails as an external failure (exit code 2) saying why it cannot be used.
   */
  static String require(String source, HostCommands host, String conntrack, Path procFile) {
    String problem =
        switch (source) {
          case "netlink" -> NetlinkConntrackSource.probe(host.networkNamespace());
          case "conntrack" -> problem(host, List.of(conntrack, "--version"));
          case "proc" -> problem(host, List.of("test", "-r", procFile.toString()));
          default -> throw new IllegalArgumentException("Invalid --source: '" + source + "'");
        };
    if (problem != null) {
      throw new NetcostException(
          ErrorKind.EXTERNAL, "--source " + source + " cannot be used: " + problem, null);
    }
    LOG.log(Level.INFO, "Conntrack source: {0} (--source {0})", source);
    return source;
  }

  private static String problem(HostCommands host, List<String> command) {
    try {
      host.run(command);
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }
}
