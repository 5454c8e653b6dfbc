package dev.netcost.k8s;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * Typed model of the Prometheus Operator's {@code monitoring.coreos.com/v1 PodMonitor}, the fields
 * netcost uses; unknown properties fail when it is read.
 */
record PodMonitor(String apiVersion, String kind, ObjectMeta metadata, Spec spec)
    implements CustomResource {
  static final String API_VERSION = "monitoring.coreos.com/v1";
  static final String KIND = "PodMonitor";

  record Spec(LabelSelector selector, List<Endpoint> podMetricsEndpoints) {}

  record Endpoint(String port, String path, String interval) {}
}
