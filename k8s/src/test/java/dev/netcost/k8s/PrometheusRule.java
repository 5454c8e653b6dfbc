package dev.netcost.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * Typed model of the Prometheus Operator's {@code monitoring.coreos.com/v1 PrometheusRule}, the
 * fields netcost uses (after the operator's Go types); unknown properties fail when it is read.
 */
record PrometheusRule(String apiVersion, String kind, ObjectMeta metadata, Spec spec)
    implements CustomResource {
  static final String API_VERSION = "monitoring.coreos.com/v1";
  static final String KIND = "PrometheusRule";

  record Spec(List<Group> groups) {}

  record Group(String name, String interval, List<Rule> rules) {}

  /** An alerting rule ({@code alert}) or a recording rule ({@code record}). */
  record Rule(
      String alert,
      String record,
      String expr,
      @com.fasterxml.jackson.annotation.JsonProperty("for") String forDuration,
      Map<String, String> labels,
      Map<String, String> annotations) {}
}
