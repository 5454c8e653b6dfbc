package dev.netcost.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestWebhookNotifier {
  private static final LocalDate DATE = LocalDate.parse("2026-11-05");

  private static Alert alert() {
    return new Alert(
        DATE,
        Severity.HIGH,
        AlertKind.NEW_DESTINATION_COUNTRY,
        new WorkloadId("prod", "web", "Deployment", "frontend"),
        "storefront",
        "BR",
        "192.0.2.66",
        "192.0.2.0/24",
        "tcp",
        443,
        "BR",
        64502L,
        "Example \"Pool\"",
        3_145_728L,
        1_048_576L,
        24L,
        null,
        null,
        Instant.parse("2026-11-05T13:00:00Z"),
        "first traffic to country BR",
        false,
        null);
  }

  @Test
  void postsGenericJson() {
    try (RecordingServer server = new RecordingServer()) {
      String status =
          new WebhookNotifier()
              .send(
                  server.url("/hook/secret-token"),
                  WebhookFormat.JSON,
                  DATE,
                  List.of(alert()),
                  List.of("line 1"));
      assertThat(status)
          .isEqualTo(
              "webhook: delivered 1 alert(s) as json to "
                  + WebhookNotifier.redact(server.url("/x")));
      assertThat(status).doesNotContain("secret-token");
      assertThat(server.requests).hasSize(1);
      RecordingServer.Request request = server.requests.get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/hook/secret-token");
      assertThat(request.contentType()).isEqualTo("application/json; charset=utf-8");
      assertThat(request.body())
          .isEqualTo(
              "{\"source\":\"netcost egress signals\",\"date\":\"2026-11-05\",\"alert_count\":1,"
                  + "\"summary\":[\"line 1\"],\"alerts\":[{\"alert_id\":\""
                  + alert().alertId()
                  + "\",\"date\":\"2026-11-05\",\"severity\":\"high\","
                  + "\"kind\":\"new_destination_country\",\"cluster\":\"prod\",\"namespace\":\"web\","
                  + "\"workload_kind\":\"Deployment\",\"workload\":\"frontend\",\"team\":\"storefront\","
                  + "\"destination_ip\":\"192.0.2.66\",\"destination_prefix\":\"192.0.2.0/24\","
                  + "\"protocol\":\"tcp\",\"destination_port\":443,\"country_code\":\"BR\","
                  + "\"asn\":64502,\"asn_organization\":\"Example \\\"Pool\\\"\","
                  + "\"egress_bytes\":3145728,\"ingress_bytes\":1048576,\"connections\":24,"
                  + "\"baseline_median_bytes\":null,\"threshold_bytes\":null,"
                  + "\"first_seen\":\"2026-11-05T13:00:00Z\","
                  + "\"message\":\"first traffic to country BR\"}]}");
    }
  }

  @Test
  void bodyEscapesQuotesBackslashesAndControlCharactersAndKeepsUnicode() {
    assertThat(
            WebhookNotifier.body(
                WebhookFormat.JSON,
                DATE,
                List.of(),
                List.of("say \"hi\", a\\b\nnext\tcol\u0001 Zürich €")))
        .isEqualTo(
            "{\"source\":\"netcost egress signals\",\"date\":\"2026-11-05\",\"alert_count\":0,"
                + "\"summary\":[\"say \\\"hi\\\", a\\\\b\\nnext\\tcol\\u0001 Zürich €\"],"
                + "\"alerts\":[]}");
  }

  @Test
  void postsSlackTextAndReportsFailures() {
    try (RecordingServer server = new RecordingServer()) {
      server.status = 400;
      String status =
          new WebhookNotifier()
              .send(
                  server.url("/services/T1/B2/XYZ"),
                  WebhookFormat.SLACK,
                  DATE,
                  List.of(alert()),
                  List.of());
      assertThat(status)
          .isEqualTo(
              "webhook failed: HTTP 400 from http://127.0.0.1:"
                  + server.url("/").getPort()
                  + "/…: invalid_payload");
      assertThat(server.requests.get(0).body())
          .isEqualTo(
              "{\"text\":\"*netcost egress signals 2026-11-05*: 1 alert\\n• HIGH new_destination_country"
                  + " prod/web/Deployment/frontend (team storefront): first traffic to country BR\"}");
    }
  }

  @Test
  void unreachableServerIsAStatusNotAnException() {
    RecordingServer server = new RecordingServer();
    java.net.URI url = server.url("/hook");
    server.close();
    String status =
        new WebhookNotifier().send(url, WebhookFormat.JSON, DATE, List.of(alert()), List.of());
    assertThat(status)
        .startsWith(
            "webhook failed: http://127.0.0.1:" + url.getPort() + "/…: java.net.ConnectException");
  }
}
