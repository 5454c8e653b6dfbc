package dev.netcost.collector.flows;

import dev.netcost.collector.CollectorMain;
import dev.netcost.contract.Protocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;

/** What the tests of {@code collect flows} against the mock Kubernetes API share. */
final class CollectFlows {
  private CollectFlows() {}

  /** Runs {@code netcost collect flows} with OPTIONS then ARGS; returns {exit code, stderr}. */
  static Object[] run(List<String> options, String... args) {
    CommandLine root = CollectorMain.commandLine();
    StringWriter err = new StringWriter();
    root.setErr(new PrintWriter(err));
    root.setOut(new PrintWriter(new StringWriter()));
    List<String> all = new ArrayList<>(List.of("collect", "flows"));
    all.addAll(options);
    all.addAll(List.of(args));
    int code = root.execute(all.toArray(String[]::new));
    return new Object[] {code, err.toString()};
  }

  /** A TCP connection that ended, sent and received counted from the source's side. */
  static ConntrackEntry tcp(
      long id,
      String source,
      int sourcePort,
      String destination,
      int port,
      long sent,
      long received) {
    return new ConntrackEntry(
        id,
        id,
        (source + sourcePort + destination + port).hashCode(),
        Protocol.TCP,
        6,
        source,
        destination,
        sourcePort,
        port,
        destination,
        source,
        port,
        sourcePort,
        true,
        1,
        sent,
        1,
        received);
  }

  /** Waits for a watch event to arrive; bounds the wait, asserts nothing about time. */
  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for the pod watch");
      }
      Thread.sleep(5);
    }
  }
}
