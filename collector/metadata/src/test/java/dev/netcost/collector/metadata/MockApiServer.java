package dev.netcost.collector.metadata;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode as a process of its own, on a loopback port, so that the
 * benchmark's memory and CPU figures are the client's only. Prints {@code PORT n}, serves until its
 * standard input closes.
 */
public final class MockApiServer {
  private static final Logger ROOT = Logger.getLogger("");

  private MockApiServer() {}

  public static void main(String[] args) throws Exception {
    ROOT.setLevel(Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    System.out.println("PORT " + server.getPort());
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // serve until the parent closes our standard input (or exits)
      }
    } finally {
      server.destroy();
    }
  }
}
