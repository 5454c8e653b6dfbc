package dev.netcost.collector.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  @Test
  void servesMetricsAndHealth() throws Exception {
    Metrics metrics = new Metrics();
    metrics.counter("netcost_uploads_total", "Snapshot uploads", "result", "ok").add(3);
    metrics.gauge("netcost_spool_bytes", "Bytes waiting in the spool", () -> 1234);
    AtomicBoolean healthy = new AtomicBoolean(true);
    try (MetricsServer server =
        new MetricsServer(
            new InetSocketAddress("127.0.0.1", 0),
            metrics::exposition,
            () -> new MetricsServer.Health(healthy.get(), healthy.get() ? "fine" : "no dump"))) {
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> scrape = get(client, server, "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .isEqualTo(
              """
              # HELP netcost_uploads_total Snapshot uploads
              # TYPE netcost_uploads_total counter
              netcost_uploads_total{result="ok"} 3
              # HELP netcost_spool_bytes Bytes waiting in the spool
              # TYPE netcost_spool_bytes gauge
              netcost_spool_bytes 1234
              """);
      HttpResponse<String> health = get(client, server, "/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok: fine\n");
      healthy.set(false);
      HttpResponse<String> sick = get(client, server, "/status");
      assertThat(sick.statusCode()).isEqualTo(503);
      assertThat(sick.body()).isEqualTo("unhealthy: no dump\n");
    }
  }

  @Test
  void rejectsBadNamesAndTypeClashes() {
    Metrics metrics = new Metrics();
    assertThatThrownBy(() -> metrics.counter("bad-name", "x"))
        .hasMessage("Invalid metric name: 'bad-name'");
    metrics.counter("netcost_x_total", "x");
    assertThatThrownBy(() -> metrics.gauge("netcost_x_total", "x", () -> 1))
        .hasMessage("Metric netcost_x_total is a counter, not a gauge");
    assertThatThrownBy(() -> metrics.counter("netcost_x_total", "x").add(-1))
        .hasMessage("Counter increment is negative: -1");
  }

  private static HttpResponse<String> get(HttpClient client, MetricsServer server, String path)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
