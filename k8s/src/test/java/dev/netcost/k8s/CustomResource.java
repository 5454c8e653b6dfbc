package dev.netcost.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * An object of a kind fabric8 has no model for (Spark Operator, Prometheus Operator), read into a
 * record of this package with unknown properties failing.
 */
interface CustomResource {
  String apiVersion();

  String kind();

  ObjectMeta metadata();
}
