package dev.netcost.k8s;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The deployment policy of netcost, as checks over a complete set of manifests (a rendered overlay,
 * or the base sources). Each violation is one line naming the object and the field. The policy:
 *
 * <ul>
 *   <li>nothing privileged; every container drops ALL capabilities, forbids privilege escalation,
 *       has a read-only root filesystem and the RuntimeDefault seccomp profile;
 *   <li>one exception, exactly: the flow collector DaemonSet in the netcost-node namespace may use
 *       the host network, add NET_ADMIN (and nothing else), run as uid 0 and mount the
 *       /var/lib/netcost host path; every other pod is non-root and off the host network;
 *   <li>CPU and memory requests and limits on every container, limit at least the request;
 *   <li>RBAC read-only (get, list, watch) except the leader-election Lease and the Spark driver's
 *       pods; never secrets, wildcards, escalate, bind or impersonate; bindings only to roles
 *       defined here and service accounts defined here;
 *   <li>no Secret objects, no secret references, no credential-looking environment variables or
 *       config values: clouds are reached with workload identity;
 *   <li>a service account token is mounted only into pods whose account is bound to a role;
 *   <li>CronJobs: valid schedule, Etc/UTC, Forbid, startingDeadlineSeconds, backoffLimit,
 *       activeDeadlineSeconds;
 *   <li>images pinned by a release tag (x.y.z) or digest, never latest; netcost images share one
 *       tag;
 *   <li>a NetworkPolicy denies all ingress to the pods of the netcost namespace;
 *   <li>Pod Security labels: netcost enforces restricted, netcost-node enforces privileged with
 *       baseline audit and warn; namespaced objects live in one of the two.
 * </ul>
 */
final class Policy {
  static final String NAMESPACE = "netcost";
  static final String NODE_NAMESPACE = "netcost-node";
  static final String SPOOL_HOST_PATH = "/var/lib/netcost";

  private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
  private static final Set<String> FORBIDDEN_VERBS = Set.of("*", "escalate", "bind", "impersonate");
  private static final Set<String> LEASE_VERBS = Set.of("get", "update", "create");
  private static final Set<String> SPARK_DRIVER_RESOURCES =
      Set.of("pods", "services", "configmaps", "persistentvolumeclaims");
  private static final Set<String> CREDENTIAL_ENV =
      Set.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AZURE_CLIENT_SECRET",
          "AZURE_STORAGE_KEY",
          "AZURE_STORAGE_CONNECTION_STRING",
          "AZURE_STORAGE_SAS_TOKEN",
          "GOOGLE_APPLICATION_CREDENTIALS");
  private static final List<String> CREDENTIAL_MARKERS =
      List.of(
          "accountkey=",
          "sharedaccesssignature=",
          "sig=",
          "aws_secret_access_key",
          "private key-----",
          "\"private_key\"");
  private static final Pattern PINNED_IMAGE =
      Pattern.compile(
          "[a-z0-9.-]+(?::[0-9]+)?(?:/[a-z0-9._-]+)+(?::[0-9]+\\.[0-9]+\\.[0-9]+(?:-[A-Za-z0-9.]+)?|@sha256:[0-9a-f]{64})");

  private Policy() {}

  static List<String> violations(List<Manifest> manifests) {
    List<String> found = new ArrayList<>();
    Index index = new Index(manifests);
    for (Manifest manifest : manifests) {
      checkObject(manifest, index, found);
    }
    for (Workload workload : Workload.of(manifests)) {
      checkWorkload(workload, index, found);
    }
    checkImageTags(Workload.of(manifests), found);
    if (!index.denyAllIngress) {
      found.add(
          "Namespace "
              + NAMESPACE
              + ": no NetworkPolicy denies ingress to all its pods (podSelector {}, no ingress rules)");
    }
    return found;
  }

  // ---------------------------------------------------------------- objects

  private static void checkObject(Manifest manifest, Index index, List<String> found) {
    String id = manifest.id();
    String namespace = manifest.namespace();
    Object resource = manifest.resource();
    boolean clusterScoped =
        resource instanceof Namespace
            || resource instanceof ClusterRole
            || resource instanceof ClusterRoleBinding
            || resource instanceof PriorityClass;
    if (!clusterScoped && !NAMESPACE.equals(namespace) && !NODE_NAMESPACE.equals(namespace)) {
      found.add(
          id + ": namespace is " + namespace + ", expected " + NAMESPACE + " or " + NODE_NAMESPACE);
    }
    if (resource instanceof Secret) {
      found.add(id + ": netcost ships no Secrets (clouds are reached with workload identity)");
    } else if (resource instanceof Namespace namespaceObject) {
      checkNamespace(id, namespaceObject, found);
    } else if (resource instanceof ConfigMap configMap) {
      Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
      for (Map.Entry<String, String> entry : new java.util.TreeMap<>(data).entrySet()) {
        String value = entry.getValue().toLowerCase(Locale.ROOT);
        if (CREDENTIAL_MARKERS.stream().anyMatch(value::contains)) {
          found.add(id + ": data." + entry.getKey() + " looks like a credential");
        }
      }
    } else if (resource instanceof ClusterRole clusterRole) {
      checkRules(id, clusterRole.getRules(), true, Set.of(), found);
    } else if (resource instanceof Role role) {
      checkRules(id, role.getRules(), false, index.subjectsOf(role), found);
    } else if (resource instanceof ClusterRoleBinding binding) {
      checkBinding(id, binding.getRoleRef(), binding.getSubjects(), null, index, found);
    } else if (resource instanceof RoleBinding binding) {
      checkBinding(id, binding.getRoleRef(), binding.getSubjects(), namespace, index, found);
    } else if (resource instanceof CronJob cronJob) {
      checkCronJob(id, cronJob, found);
    } else if (resource instanceof ScheduledSparkApplication spark) {
      checkSchedule(id, spark.spec().schedule(), found);
      if (!"Forbid".equals(spark.spec().concurrencyPolicy())) {
        found.add(
            id
                + ": concurrencyPolicy is "
                + spark.spec().concurrencyPolicy()
                + ", expected Forbid");
      }
    }
  }

  private static void checkNamespace(String id, Namespace namespace, List<String> found) {
    Map<String, String> labels =
        namespace.getMetadata().getLabels() == null
            ? Map.of()
            : namespace.getMetadata().getLabels();
    Map<String, String> expected =
        switch (namespace.getMetadata().getName()) {
          case NAMESPACE ->
              Map.of("enforce", "restricted", "audit", "restricted", "warn", "restricted");
          case NODE_NAMESPACE ->
              Map.of("enforce", "privileged", "audit", "baseline", "warn", "baseline");
          default -> Map.of();
        };
    for (String mode : new TreeSet<>(expected.keySet())) {
      String actual = labels.get("pod-security.kubernetes.io/" + mode);
      if (!expected.get(mode).equals(actual)) {
        found.add(
            id
                + ": pod-security.kubernetes.io/"
                + mode
                + " is "
                + actual
                + ", expected "
                + expected.get(mode));
      }
    }
  }

  private static void checkRules(
      String id,
      List<PolicyRule> rules,
      boolean clusterWide,
      Set<String> subjects,
      List<String> found) {
    for (PolicyRule rule : rules == null ? List.<PolicyRule>of() : rules) {
      List<String> verbs = nullToEmpty(rule.getVerbs());
      List<String> resources = nullToEmpty(rule.getResources());
      List<String> groups = nullToEmpty(rule.getApiGroups());
      String where = id + " rule " + groups + " " + resources + " " + verbs;
      if (!nullToEmpty(rule.getNonResourceURLs()).isEmpty()) {
        found.add(where + ": grants non-resource URLs");
      }
      if (resources.contains("*") || groups.contains("*")) {
        found.add(where + ": uses a wildcard");
      }
      if (resources.stream().anyMatch(r -> r.equals("secrets") || r.startsWith("secrets/"))) {
        found.add(where + ": grants access to secrets");
      }
      for (String verb : verbs) {
        if (FORBIDDEN_VERBS.contains(verb)) {
          found.add(where + ": grants " + verb);
        } else if (!READ_VERBS.contains(verb) && !writeAllowed(clusterWide, rule, verb, subjects)) {
          found.add(where + ": grants " + verb + " (read-only expected)");
        }
      }
    }
  }

  /** The two write exceptions: the leader-election Lease, and the Spark driver's own pods. */
  private static boolean writeAllowed(
      boolean clusterWide, PolicyRule rule, String verb, Set<String> subjects) {
    if (clusterWide) {
      return false;
    }
    List<String> resources = nullToEmpty(rule.getResources());
    List<String> groups = nullToEmpty(rule.getApiGroups());
    if (groups.equals(List.of("coordination.k8s.io")) && resources.equals(List.of("leases"))) {
      // get and update are narrowed to named Leases; create cannot be narrowed by name
      boolean named = !nullToEmpty(rule.getResourceNames()).isEmpty();
      return LEASE_VERBS.contains(verb) && (verb.equals("create") || named);
    }
    return groups.equals(List.of(""))
        && SPARK_DRIVER_RESOURCES.containsAll(resources)
        && subjects.equals(Set.of(NAMESPACE + "/netcost-spark"))
        && Set.of("create", "delete", "deletecollection").contains(verb);
  }

  private static void checkBinding(
      String id,
      RoleRef roleRef,
      List<Subject> subjects,
      String namespace,
      Index index,
      List<String> found) {
    String key = (roleRef.getKind().equals("Role") ? namespace + "/" : "") + roleRef.getName();
    if (!index.roles.contains(roleRef.getKind() + " " + key)) {
      found.add(
          id
              + ": binds "
              + roleRef.getKind()
              + " "
              + roleRef.getName()
              + ", which is not defined here");
    }
    for (Subject subject : subjects == null ? List.<Subject>of() : subjects) {
      if (!"ServiceAccount".equals(subject.getKind())) {
        found.add(
            id
                + ": subject "
                + subject.getKind()
                + " "
                + subject.getName()
                + " is not a service account");
      } else if (!index.serviceAccounts.containsKey(
          subject.getNamespace() + "/" + subject.getName())) {
        found.add(
            id
                + ": subject service account "
                + subject.getNamespace()
                + "/"
                + subject.getName()
                + " is not defined here");
      }
    }
  }

  private static void checkCronJob(String id, CronJob cronJob, List<String> found) {
    checkSchedule(id, cronJob.getSpec().getSchedule(), found);
    if (!"Etc/UTC".equals(cronJob.getSpec().getTimeZone())) {
      found.add(id + ": timeZone is " + cronJob.getSpec().getTimeZone() + ", expected Etc/UTC");
    }
    if (!"Forbid".equals(cronJob.getSpec().getConcurrencyPolicy())) {
      found.add(
          id
              + ": concurrencyPolicy is "
              + cronJob.getSpec().getConcurrencyPolicy()
              + ", expected Forbid");
    }
    if (!positive(cronJob.getSpec().getStartingDeadlineSeconds())) {
      found.add(id + ": startingDeadlineSeconds is not set");
    }
    JobSpec job = cronJob.getSpec().getJobTemplate().getSpec();
    if (job.getBackoffLimit() == null) {
      found.add(id + ": backoffLimit is not set");
    }
    if (!positive(job.getActiveDeadlineSeconds())) {
      found.add(id + ": activeDeadlineSeconds is not set");
    }
  }

  private static void checkSchedule(String id, String schedule, List<String> found) {
    try {
      CronSchedule.parse(schedule == null ? "" : schedule);
    } catch (IllegalArgumentException e) {
      found.add(id + ": " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- pods

  private static void checkWorkload(Workload workload, Index index, List<String> found) {
    String id = workload.id();
    PodSpec pod = workload.pod();
    boolean nodeAgent =
        workload.owner().kind().equals("DaemonSet") && NODE_NAMESPACE.equals(workload.namespace());
    if (NODE_NAMESPACE.equals(workload.namespace()) && !nodeAgent) {
      found.add(id + ": only the flow collector DaemonSet may run in " + NODE_NAMESPACE);
    }
    if (Boolean.TRUE.equals(pod.getHostPID())) {
      found.add(id + ": hostPID is true");
    }
    if (Boolean.TRUE.equals(pod.getHostIPC())) {
      found.add(id + ": hostIPC is true");
    }
    if (Boolean.TRUE.equals(pod.getHostNetwork()) && !nodeAgent) {
      found.add(id + ": hostNetwork is true");
    }
    PodSecurityContext podSecurity = pod.getSecurityContext();
    List<Container> containers = new ArrayList<>(nullToEmpty(pod.getContainers()));
    containers.addAll(nullToEmpty(pod.getInitContainers()));
    for (Container container : containers) {
      checkContainer(
          id + " container " + container.getName(),
          container,
          podSecurity,
          nodeAgent,
          workload.namespace(),
          index,
          found);
    }
    for (Volume volume : nullToEmpty(pod.getVolumes())) {
      checkVolume(id + " volume " + volume.getName(), volume, nodeAgent, found);
    }
    checkServiceAccount(id, workload, index, found);
    String priorityClass = pod.getPriorityClassName();
    if (priorityClass != null
        && !priorityClass.startsWith("system-")
        && !index.priorityClasses.contains(priorityClass)) {
      found.add(id + ": priorityClassName " + priorityClass + " is not defined here");
    }
  }

  private static void checkContainer(
      String id,
      Container container,
      PodSecurityContext pod,
      boolean nodeAgent,
      String namespace,
      Index index,
      List<String> found) {
    SecurityContext security = container.getSecurityContext();
    if (security == null) {
      found.add(id + ": no securityContext");
      security = new SecurityContext();
    }
    if (!Boolean.FALSE.equals(security.getPrivileged())) {
      found.add(id + ": privileged is not false");
    }
    if (!Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
      found.add(id + ": allowPrivilegeEscalation is not false");
    }
    if (!Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
      found.add(id + ": readOnlyRootFilesystem is not true");
    }
    Capabilities capabilities = security.getCapabilities();
    List<String> drop = capabilities == null ? List.of() : nullToEmpty(capabilities.getDrop());
    List<String> add = capabilities == null ? List.of() : nullToEmpty(capabilities.getAdd());
    if (!drop.equals(List.of("ALL"))) {
      found.add(id + ": capabilities.drop is " + drop + ", expected [ALL]");
    }
    List<String> allowedAdd = nodeAgent ? List.of("NET_ADMIN") : List.of();
    if (!add.equals(allowedAdd)) {
      found.add(id + ": capabilities.add is " + add + ", expected " + allowedAdd);
    }
    SeccompProfile seccomp =
        security.getSeccompProfile() != null
            ? security.getSeccompProfile()
            : pod == null ? null : pod.getSeccompProfile();
    if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
      found.add(id + ": seccompProfile is not RuntimeDefault");
    }
    Boolean runAsNonRoot =
        security.getRunAsNonRoot() != null
            ? security.getRunAsNonRoot()
            : pod == null ? null : pod.getRunAsNonRoot();
    Long runAsUser =
        security.getRunAsUser() != null
            ? security.getRunAsUser()
            : pod == null ? null : pod.getRunAsUser();
    if (!nodeAgent && !Boolean.TRUE.equals(runAsNonRoot)) {
      found.add(id + ": runAsNonRoot is not true");
    }
    if (!nodeAgent && Long.valueOf(0).equals(runAsUser)) {
      found.add(id + ": runAsUser is 0");
    }
    checkResources(id, container, found);
    String image = container.getImage();
    if (image == null || !PINNED_IMAGE.matcher(image).matches()) {
      found.add(id + ": image " + image + " is not pinned by a release tag or digest");
    }
    for (EnvVar env : nullToEmpty(container.getEnv())) {
      if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
        found.add(id + ": env " + env.getName() + " reads a Secret");
      }
      if (CREDENTIAL_ENV.contains(env.getName())) {
        found.add(id + ": env " + env.getName() + " carries a credential");
      }
      if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = env.getValueFrom().getConfigMapKeyRef();
        Map<String, String> data = index.configMaps.get(namespace + "/" + ref.getName());
        if (data == null || !data.containsKey(ref.getKey())) {
          found.add(
              id
                  + ": env "
                  + env.getName()
                  + " reads "
                  + namespace
                  + "/"
                  + ref.getName()
                  + " key "
                  + ref.getKey()
                  + ", which is not defined here");
        }
      }
    }
    for (EnvFromSource source : nullToEmpty(container.getEnvFrom())) {
      if (source.getSecretRef() != null) {
        found.add(id + ": envFrom reads Secret " + source.getSecretRef().getName());
      }
    }
  }

  private static void checkResources(String id, Container container, List<String> found) {
    Map<String, Quantity> requests =
        container.getResources() == null || container.getResources().getRequests() == null
            ? Map.of()
            : container.getResources().getRequests();
    Map<String, Quantity> limits =
        container.getResources() == null || container.getResources().getLimits() == null
            ? Map.of()
            : container.getResources().getLimits();
    for (String resource : List.of("cpu", "memory")) {
      Quantity request = requests.get(resource);
      Quantity limit = limits.get(resource);
      if (request == null) {
        found.add(id + ": no " + resource + " request");
      }
      if (limit == null) {
        found.add(id + ": no " + resource + " limit");
      }
      if (request != null
          && limit != null
          && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
        found.add(id + ": " + resource + " request " + request + " exceeds limit " + limit);
      }
    }
  }

  private static void checkVolume(String id, Volume volume, boolean nodeAgent, List<String> found) {
    if (volume.getSecret() != null) {
      found.add(id + ": mounts a Secret");
    }
    if (volume.getProjected() != null) {
      for (VolumeProjection source : nullToEmpty(volume.getProjected().getSources())) {
        if (source.getSecret() != null) {
          found.add(id + ": projects a Secret");
        }
      }
    }
    if (volume.getHostPath() != null) {
      String path = volume.getHostPath().getPath();
      if (!nodeAgent || !SPOOL_HOST_PATH.equals(path)) {
        found.add(id + ": hostPath " + path + " is not allowed");
      }
    }
  }

  private static void checkServiceAccount(
      String id, Workload workload, Index index, List<String> found) {
    PodSpec pod = workload.pod();
    String name = pod.getServiceAccountName();
    if (name == null || name.equals("default")) {
      found.add(id + ": runs as the namespace's default service account");
      return;
    }
    String key = workload.namespace() + "/" + name;
    ServiceAccount account = index.serviceAccounts.get(key);
    if (account == null) {
      found.add(id + ": service account " + key + " is not defined here");
      return;
    }
    Boolean automount =
        pod.getAutomountServiceAccountToken() != null
            ? pod.getAutomountServiceAccountToken()
            : account.getAutomountServiceAccountToken();
    if (!Boolean.FALSE.equals(automount) && !index.boundAccounts.contains(key)) {
      found.add(id + ": mounts a token for " + key + ", which no role is bound to");
    }
  }

  private static void checkImageTags(List<Workload> workloads, List<String> found) {
    Set<String> tags = new TreeSet<>();
    for (Workload workload : workloads) {
      for (Container container : nullToEmpty(workload.pod().getContainers())) {
        String image = container.getImage();
        if (image != null && image.startsWith("ghcr.io/netcost/") && image.contains(":")) {
          tags.add(image.substring(image.lastIndexOf(':') + 1));
        }
      }
    }
    if (tags.size() > 1) {
      found.add("netcost images carry different tags: " + tags);
    }
  }

  private static boolean positive(Long value) {
    return value != null && value > 0;
  }

  private static boolean isEmpty(Object collection) {
    return collection == null
        || (collection instanceof Map<?, ?> map && map.isEmpty())
        || (collection instanceof List<?> list && list.isEmpty());
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** What the checks look up across objects: roles, accounts, bindings, config maps. */
  private static final class Index {
    final Set<String> roles = new HashSet<>();
    final Map<String, ServiceAccount> serviceAccounts = new java.util.HashMap<>();
    final Set<String> boundAccounts = new HashSet<>();
    final Map<String, Map<String, String>> configMaps = new java.util.HashMap<>();
    final Set<String> priorityClasses = new HashSet<>();
    boolean denyAllIngress;
    private final List<Manifest> manifests;

    Index(List<Manifest> manifests) {
      this.manifests = manifests;
      for (Manifest manifest : manifests) {
        Object resource = manifest.resource();
        if (resource instanceof ClusterRole) {
          roles.add("ClusterRole " + manifest.name());
        } else if (resource instanceof Role) {
          roles.add("Role " + manifest.namespace() + "/" + manifest.name());
        } else if (resource instanceof ServiceAccount account) {
          serviceAccounts.put(manifest.namespace() + "/" + manifest.name(), account);
        } else if (resource instanceof ConfigMap configMap) {
          configMaps.put(
              manifest.namespace() + "/" + manifest.name(),
              configMap.getData() == null ? Map.of() : configMap.getData());
        } else if (resource instanceof NetworkPolicy policy
            && NAMESPACE.equals(manifest.namespace())
            && policy.getSpec().getPodSelector() != null
            && isEmpty(policy.getSpec().getPodSelector().getMatchLabels())
            && isEmpty(policy.getSpec().getPodSelector().getMatchExpressions())
            && nullToEmpty(policy.getSpec().getPolicyTypes()).contains("Ingress")
            && nullToEmpty(policy.getSpec().getIngress()).isEmpty()) {
          denyAllIngress = true;
        } else if (resource instanceof PriorityClass) {
          priorityClasses.add(manifest.name());
        } else if (resource instanceof RoleBinding binding) {
          subjectKeys(binding.getSubjects()).forEach(boundAccounts::add);
        } else if (resource instanceof ClusterRoleBinding binding) {
          subjectKeys(binding.getSubjects()).forEach(boundAccounts::add);
        }
      }
    }

    /** Service accounts bound to this Role by the RoleBindings of its namespace. */
    Set<String> subjectsOf(Role role) {
      Set<String> subjects = new HashSet<>();
      for (Manifest manifest : manifests) {
        if (manifest.resource() instanceof RoleBinding binding
            && Objects.equals(manifest.namespace(), role.getMetadata().getNamespace())
            && binding.getRoleRef().getKind().equals("Role")
            && binding.getRoleRef().getName().equals(role.getMetadata().getName())) {
          subjects.addAll(subjectKeys(binding.getSubjects()));
        }
      }
      return subjects;
    }

    private static List<String> subjectKeys(List<Subject> subjects) {
      return subjects == null
          ? List.of()
          : subjects.stream()
              .filter(subject -> "ServiceAccount".equals(subject.getKind()))
              .map(subject -> subject.getNamespace() + "/" + subject.getName())
              .toList();
    }
  }
}
