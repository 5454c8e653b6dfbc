package dev.netcost.store;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy that forwards each connection to a target, but cuts the connection (both
 * directions) once the client has sent {@code budgetBytes}: an upload interrupted mid-body, as a
 * killed process or a dropped network would leave it. Replies flow back untouched.
 */
public final class CuttingProxy implements Closeable {
  private final InetSocketAddress target;
  private final long budgetBytes;
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger cuts = new AtomicInteger();

  public CuttingProxy(URI target, long budgetBytes) throws IOException {
    requireNonNull(target, "target is null");
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.budgetBytes = budgetBytes;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "cutting-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The proxy's address, with the target's scheme: {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** How many connections were cut after reaching the budget. */
  public int cuts() {
    return cuts.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(upstream);
        start(() -> pump(upstream, client, Long.MAX_VALUE), "cutting-proxy-down");
        start(() -> pump(client, upstream, budgetBytes), "cutting-proxy-up");
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void pump(Socket from, Socket to, long limit) {
    byte[] buffer = new byte[8192];
    long forwarded = 0;
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      while (true) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - forwarded));
        if (read < 0) {
          break;
        }
        out.write(buffer, 0, read);
        out.flush();
        forwarded += read;
        if (forwarded >= limit) {
          cuts.incrementAndGet();
          break;
        }
      }
    } catch (IOException e) {
      // the other side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void start(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
  }
}
