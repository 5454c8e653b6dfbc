package dev.netcost.store.azure;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Azurite's Blob service (npm {@code azurite@3.35.0}) as a child process on loopback, in memory,
 * with telemetry off. Found at {@code NETCOST_AZURITE_BIN}, else at the system property {@code
 * netcost.azurite.bin} (the worktree's {@code .tools/azurite}). Missing: the tests are skipped with
 * a message, except in CI ({@code CI=true}), where that is a failure.
 */
final class Azurite implements AutoCloseable {
  static final String ACCOUNT = "devstoreaccount1";

  /** Azurite's well-known development key (public, documented by Microsoft). */
  static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private final Process process;
  private final int port;

  private Azurite(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static Azurite start(Path workDirectory) throws IOException, InterruptedException {
    Path binary = binary();
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path log = workDirectory.resolve("azurite.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "--blobHost",
                    "127.0.0.1",
                    "--blobPort",
                    Integer.toString(port),
                    "--inMemoryPersistence",
                    "--disableTelemetry",
                    "--skipApiVersionCheck"))
            .directory(workDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Azurite azurite = new Azurite(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!azurite.accepting()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        azurite.close();
        throw new IOException(
            "Azurite did not start on 127.0.0.1:"
                + port
                + "; its output: "
                + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return azurite;
  }

  private static Path binary() {
    String configured = System.getenv("NETCOST_AZURITE_BIN");
    if (configured == null || configured.isBlank()) {
      configured = System.getProperty("netcost.azurite.bin", "");
    }
    Path binary = configured.isBlank() ? null : Path.of(configured);
    if (binary == null || !Files.isExecutable(binary)) {
      String message =
          "Azurite not found at '"
              + configured
              + "': install it with `npm install --no-audit --no-fund azurite@3.35.0` in .tools/azurite"
              + " or set NETCOST_AZURITE_BIN to node_modules/.bin/azurite-blob";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + " (required in CI)");
      }
      Assumptions.abort(message + "; skipping the Azure Blob tests");
    }
    return binary;
  }

  private boolean accepting() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The Blob endpoint of the development account. */
  URI blobEndpoint() {
    return URI.create("http://127.0.0.1:" + port + "/" + ACCOUNT);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }
}
