package dev.netcost.k8s;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;

/**
 * Typed model of the Spark Operator's {@code sparkoperator.k8s.io/v1beta2
 * ScheduledSparkApplication}, limited to the fields netcost uses. fabric8 ships no model for it;
 * these records follow the operator's Go types (api/v1beta2) and are read with unknown properties
 * failing, so a misspelt field is an error, not a silently ignored key. Nested Kubernetes types are
 * fabric8's.
 */
record ScheduledSparkApplication(String apiVersion, String kind, ObjectMeta metadata, Spec spec)
    implements CustomResource {

  static final String API_VERSION = "sparkoperator.k8s.io/v1beta2";
  static final String KIND = "ScheduledSparkApplication";

  record Spec(
      String schedule,
      Boolean suspend,
      String concurrencyPolicy,
      Integer successfulRunHistoryLimit,
      Integer failedRunHistoryLimit,
      Template template) {}

  record Template(
      String type,
      String mode,
      String sparkVersion,
      String image,
      String imagePullPolicy,
      String mainClass,
      String mainApplicationFile,
      List<String> arguments,
      Map<String, String> sparkConf,
      RestartPolicy restartPolicy,
      Long timeToLiveSeconds,
      List<Volume> volumes,
      PodSpec driver,
      PodSpec executor) {}

  record RestartPolicy(
      String type,
      Integer onFailureRetries,
      Long onFailureRetryInterval,
      Integer onSubmissionFailureRetries,
      Long onSubmissionFailureRetryInterval) {}

  /**
   * DriverSpec and ExecutorSpec share these fields; instances and deleteOnTermination are executor
   * only.
   */
  record PodSpec(
      Integer cores,
      String coreLimit,
      String memory,
      String memoryOverhead,
      Integer instances,
      Boolean deleteOnTermination,
      String image,
      String serviceAccount,
      Map<String, String> labels,
      List<EnvVar> env,
      List<VolumeMount> volumeMounts,
      PodSecurityContext podSecurityContext,
      SecurityContext securityContext) {}
}
