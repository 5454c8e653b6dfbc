package dev.netcost.collector.flows;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;

/** {@code --source auto}: conntrack-tools when it runs, else {@code /proc}, else a clear error. */
final class SourceChoice {
  private static final Logger LOG = System.getLogger(SourceChoice.class.getName());

  private SourceChoice() {}

  static String choose(HostCommands host, String conntrack, Path procFile) {
    String toolError;
    try {
      host.run(List.of(conntrack, "--version"));
      return "conntrack";
    } catch (IOException e) {
      toolError = e.getMessage();
    }
    try {
      host.run(List.of("test", "-r", procFile.toString()));
      LOG.log(
          Level.WARNING,
          "{0} cannot run ({1}); falling back to {2}: no DESTROY events, so connections shorter"
              + " than the poll interval are not measured",
          conntrack,
          toolError,
          procFile);
      return "proc";
    } catch (IOException e) {
      throw new IllegalStateException(
          "No conntrack source: "
              + conntrack
              + " cannot run ("
              + toolError
              + ") and "
              + procFile
              + " cannot be read ("
              + e.getMessage()
              + "); install conntrack-tools (apt-get install conntrack) in the image",
          e);
    }
  }
}
