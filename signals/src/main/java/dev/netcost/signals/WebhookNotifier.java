package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POSTs the day's alerts to a webhook, as generic JSON or as a Slack-compatible {@code {"text":
 * ...}}. A failed delivery never fails the nightly run (the alerts are in the table already): it is
 * returned as a status line for the run's summary.
 */
public final class WebhookNotifier {
  private static final int SLACK_MAX_LINES = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;

  public WebhookNotifier() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  WebhookNotifier(HttpClient client) {
    this.client = requireNonNull(client, "client is null");
  }

  /** Sends and returns a one-line status: "webhook: delivered ..." or "webhook failed: ...". */
  public String send(
      URI url, WebhookFormat format, LocalDate date, List<Alert> alerts, List<String> summary) {
    String body = body(format, date, alerts, summary);
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        return "webhook failed: HTTP "
            + response.statusCode()
            + " from "
            + redact(url)
            + ": "
            + abbreviate(response.body());
      }
      return "webhook: delivered "
          + alerts.size()
          + " alert(s) as "
          + format.wireName()
          + " to "
          + redact(url);
    } catch (IOException e) {
      return "webhook failed: " + redact(url) + ": " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "webhook failed: interrupted while sending to " + redact(url);
    }
  }

  static String body(
      WebhookFormat format, LocalDate date, List<Alert> alerts, List<String> summary) {
    return switch (format) {
      case JSON -> {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("source", "netcost egress signals");
        root.put("date", date.toString());
        root.put("alert_count", alerts.size());
        root.put("summary", summary);
        List<Object> items = new ArrayList<>();
        for (Alert alert : alerts) {
          items.add(toJson(alert));
        }
        root.put("alerts", items);
        yield json(root);
      }
      case SLACK -> {
        StringBuilder text = new StringBuilder();
        text.append("*netcost egress signals ")
            .append(date)
            .append("*: ")
            .append(alerts.size())
            .append(alerts.size() == 1 ? " alert" : " alerts");
        for (int i = 0; i < alerts.size() && i < SLACK_MAX_LINES; i++) {
          text.append("\n• ").append(alerts.get(i).line());
        }
        if (alerts.size() > SLACK_MAX_LINES) {
          text.append("\n… and ")
              .append(alerts.size() - SLACK_MAX_LINES)
              .append(" more in the egress_alerts table");
        }
        yield json(Map.of("text", text.toString()));
      }
    };
  }

  /**
   * Compact JSON (no white space) of maps in their iteration order, lists, strings, numbers,
   * booleans and nulls, as Jackson writes it: UTF-8 text as is, {@code "} {@code \\} and control
   * characters escaped.
   */
  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot write the webhook body as JSON: " + e.getMessage(), e);
    }
  }

  static Map<String, Object> toJson(Alert alert) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("alert_id", alert.alertId());
    item.put("date", alert.date().toString());
    item.put("severity", alert.severity().wireName());
    item.put("kind", alert.kind().wireName());
    item.put("cluster", alert.workload().cluster());
    item.put("namespace", alert.workload().namespace());
    item.put("workload_kind", alert.workload().workloadKind());
    item.put("workload", alert.workload().workload());
    item.put("team", alert.team());
    item.put("destination_ip", alert.destinationIp());
    item.put("destination_prefix", alert.destinationPrefix());
    item.put("protocol", alert.protocol());
    item.put("destination_port", alert.destinationPort());
    item.put("country_code", alert.countryCode());
    item.put("asn", alert.asn());
    item.put("asn_organization", alert.asnOrganization());
    item.put("egress_bytes", alert.egressBytes());
    item.put("ingress_bytes", alert.ingressBytes());
    item.put("connections", alert.connections());
    item.put("baseline_median_bytes", alert.baselineMedianBytes());
    item.put("threshold_bytes", alert.thresholdBytes());
    item.put("first_seen", alert.firstSeen().toString());
    item.put("message", alert.message());
    return item;
  }

  /** Webhook URLs carry secrets in their path (Slack): show only scheme, host and port. */
  static String redact(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() >= 0 ? ":" + url.getPort() : "")
        + "/…";
  }

  private static String abbreviate(String body) {
    String line = body.replaceAll("\\s+", " ").strip();
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
