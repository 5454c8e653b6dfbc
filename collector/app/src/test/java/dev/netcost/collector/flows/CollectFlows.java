package dev.netcost.collector.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.collector.CollectorMain;
import dev.netcost.contract.Protocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
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

  /** A loopback port that was free and is closed again: nothing listens there. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * RESULT is exit code 2 and one line: the pods of NODE could not be listed within PT10S from the
   * API at https://127.0.0.1:PORT.
   */
  static void assertCannotListPods(Object[] result, String node, int port) {
    assertThat(result[0]).isEqualTo(2);
    String err = (String) result[1];
    assertThat(err)
        .startsWith(
            "error (external system): Cannot list the pods of node "
                + node
                + " from the Kubernetes API at https://127.0.0.1:"
                + port
                + "/ within PT10S: ")
        .endsWith(
            " (check get, list, watch on pods for the service account; docs/collector-flows.md)"
                + System.lineSeparator());
    assertThat(err.strip().lines()).hasSize(1);
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
