package dev.netcost.collector.flows;

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
      throw new NoConntrackSourceException(
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

  /** No way to read the conntrack table: an external failure (exit code 2). */
  static final class NoConntrackSourceException extends RuntimeException {
    NoConntrackSourceException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
