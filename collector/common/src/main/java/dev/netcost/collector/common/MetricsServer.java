package dev.netcost.collector.common;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus text format) and {@code /healthz} (200 when healthy, 503
 * otherwise, with the reason as the body; {@code /status} is an alias, the path Kubecost's agent
 * uses) on one address, with the JDK's built-in HTTP server and a single worker thread.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  /** The result of a health check: {@code healthy} and a one-line reason. */
  public record Health(boolean healthy, String message) {
    public Health {
      requireNonNull(message, "message is null");
    }
  }

  public MetricsServer(InetSocketAddress address, Supplier<String> metrics, Supplier<Health> health)
      throws IOException {
    requireNonNull(address, "address is null");
    requireNonNull(metrics, "metrics is null");
    requireNonNull(health, "health is null");
    server = HttpServer.create(address, 16);
    executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "metrics-http-" + address.getPort());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.createContext("/healthz", exchange -> health(exchange, health.get()));
    server.createContext("/status", exchange -> health(exchange, health.get()));
    server.start();
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void health(HttpExchange exchange, Health health) throws IOException {
    respond(
        exchange,
        health.healthy() ? 200 : 503,
        "text/plain; charset=utf-8",
        (health.healthy() ? "ok: " : "unhealthy: ") + health.message() + "\n");
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
