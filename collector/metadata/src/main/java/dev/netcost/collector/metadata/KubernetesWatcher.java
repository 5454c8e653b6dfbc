package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import dev.netcost.collector.metadata.ObjectStates.ControllerState;
import dev.netcost.collector.metadata.ObjectStates.NodeState;
import dev.netcost.collector.metadata.ObjectStates.OwnerRef;
import dev.netcost.collector.metadata.ObjectStates.PodState;
import dev.netcost.collector.metadata.ObjectStates.ServiceState;
import dev.netcost.contract.IpAddresses;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fabric8 adapter: informers (list, then watch) on namespaces, nodes, ReplicaSets, Jobs, pods
 * and services across all namespaces, translated into {@link ObjectStates} for the {@link
 * ClusterModel}. The owner chain and node topology start first and are synced before pods, so a
 * pod's workload and zone are known when its address is first recorded.
 *
 * <p>Every {@link #start()} is a full relist: after each informer's initial list the model closes
 * what it knew but the list no longer contains (a watch restarted after a gap, or a new leader
 * taking over in the same process). Within one run, fabric8 relists by itself after a watch expires
 * (410 Gone) and reports objects that vanished meanwhile as deletions with an unknown final state;
 * both paths end the interval at the time the relist is processed.
 */
final class KubernetesWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesWatcher.class);
  private static final long NO_RESYNC = 0;

  private final KubernetesClient client;
  private final ClusterModel model;
  private final Duration syncTimeout;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  KubernetesWatcher(KubernetesClient client, ClusterModel model, Duration syncTimeout) {
    this.client = requireNonNull(client, "client is null");
    this.model = requireNonNull(model, "model is null");
    this.syncTimeout = requireNonNull(syncTimeout, "syncTimeout is null");
  }

  /** Lists and starts watching; returns once every informer has synced. */
  synchronized void start() {
    if (!informers.isEmpty()) {
      throw new IllegalStateException("Watcher already started");
    }
    SharedIndexInformer<Namespace> namespaces = client.namespaces().runnableInformer(NO_RESYNC);
    namespaces.addEventHandler(
        handler(
            ns -> model.namespaceUpserted(ns.getMetadata().getName(), labels(ns)),
            ns -> model.namespaceDeleted(ns.getMetadata().getName())));
    SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(NO_RESYNC);
    nodes.addEventHandler(
        handler(node -> model.nodeUpserted(node(node)), node -> model.nodeDeleted(node(node))));
    SharedIndexInformer<ReplicaSet> replicaSets =
        client.apps().replicaSets().inAnyNamespace().runnableInformer(NO_RESYNC);
    replicaSets.addEventHandler(
        handler(
            rs -> model.controllerUpserted(controller(rs, "ReplicaSet")),
            rs -> model.controllerDeleted(rs.getMetadata().getUid())));
    SharedIndexInformer<Job> jobs =
        client.batch().v1().jobs().inAnyNamespace().runnableInformer(NO_RESYNC);
    jobs.addEventHandler(
        handler(
            job -> model.controllerUpserted(controller(job, "Job")),
            job -> model.controllerDeleted(job.getMetadata().getUid())));
    startAll(List.of(namespaces, nodes, replicaSets, jobs));
    model.relisted(ClusterModel.Resource.NODES, uids(nodes));
    awaitProcessed(namespaces, nodes, replicaSets, jobs);

    SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(NO_RESYNC);
    pods.addEventHandler(podHandler(model));
    SharedIndexInformer<Service> services =
        client.services().inAnyNamespace().runnableInformer(NO_RESYNC);
    services.addEventHandler(
        handler(
            service -> model.serviceUpserted(service(service)),
            service -> model.serviceDeleted(service(service))));
    startAll(List.of(pods, services));
    model.relisted(ClusterModel.Resource.PODS, uids(pods));
    model.relisted(ClusterModel.Resource.SERVICES, uids(services));
  }

  /** Stops every watch; the model keeps its state, so a later {@link #start()} is a relist. */
  @Override
  public synchronized void close() {
    for (SharedIndexInformer<?> informer : informers) {
      informer.stop();
    }
    informers.clear();
  }

  private void startAll(List<SharedIndexInformer<?>> started) {
    informers.addAll(started);
    for (SharedIndexInformer<?> informer : started) {
      informer.start();
    }
    for (SharedIndexInformer<?> informer : started) {
      try {
        informer.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "Interrupted while listing " + informer.getApiTypeClass().getSimpleName(), e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(
            "Cannot list "
                + informer.getApiTypeClass().getSimpleName()
                + " objects from the Kubernetes API within "
                + syncTimeout
                + " (check the RBAC rules in docs/collector-metadata.md)",
            e);
      }
    }
  }

  private void awaitProcessed(
      SharedIndexInformer<Namespace> namespaces,
      SharedIndexInformer<Node> nodes,
      SharedIndexInformer<ReplicaSet> replicaSets,
      SharedIndexInformer<Job> jobs) {
    long deadline = System.nanoTime() + syncTimeout.toNanos();
    while (true) {
      // read the stores again each time: an object deleted meanwhile is no longer waited for
      Set<String> names = new HashSet<>();
      for (Namespace namespace : namespaces.getStore().list()) {
        names.add(namespace.getMetadata().getName());
      }
      Set<String> controllers = uids(replicaSets);
      controllers.addAll(uids(jobs));
      if (model.knowsAll(names, uids(nodes), controllers)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        LOG.warn(
            "Initial namespaces, nodes and controllers not all processed within {}", syncTimeout);
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while processing the initial lists", e);
      }
    }
  }

  private static Set<String> uids(SharedIndexInformer<? extends HasMetadata> informer) {
    Set<String> uids = new HashSet<>();
    for (HasMetadata object : informer.getStore().list()) {
      uids.add(object.getMetadata().getUid());
    }
    return uids;
  }

  /** The pod informer's handler: translate, then record. */
  static ResourceEventHandler<Pod> podHandler(ClusterModel model) {
    return handler(pod -> model.podUpserted(pod(pod)), pod -> model.podDeleted(pod(pod)));
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(
      Consumer<T> upsert, Consumer<T> delete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        guarded(object, upsert);
      }

      @Override
      public void onUpdate(T previous, T object) {
        if (!previous.getMetadata().getUid().equals(object.getMetadata().getUid())) {
          // deleted and recreated under the same name while the watch was down
          guarded(previous, delete);
        }
        guarded(object, upsert);
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        guarded(object, delete);
      }
    };
  }

  private static <T extends HasMetadata> void guarded(T object, Consumer<T> action) {
    try {
      action.accept(object);
    } catch (RuntimeException e) {
      // one malformed object must not stop the watch: the others' intervals still matter
      LOG.error(
          "Cannot record {} {}/{}: {}",
          object.getKind(),
          object.getMetadata().getNamespace(),
          object.getMetadata().getName(),
          e.getMessage(),
          e);
    }
  }

  // ---- translation

  static PodState pod(Pod pod) {
    var meta = pod.getMetadata();
    var spec = pod.getSpec();
    var status = pod.getStatus();
    String where = "pod " + meta.getNamespace() + "/" + meta.getName();
    List<String> ips = new ArrayList<>();
    boolean terminal = false;
    Optional<Instant> networkReadyAt = Optional.empty();
    Optional<Instant> startedAt = Optional.empty();
    Optional<Instant> finishedAt = Optional.empty();
    if (status != null) {
      if (status.getPodIPs() != null && !status.getPodIPs().isEmpty()) {
        for (PodIP ip : status.getPodIPs()) {
          address(ip.getIp(), where, "status.podIPs").ifPresent(ips::add);
        }
      } else if (status.getPodIP() != null && !status.getPodIP().isEmpty()) {
        address(status.getPodIP(), where, "status.podIP").ifPresent(ips::add);
      }
      terminal = "Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase());
      if (status.getConditions() != null) {
        for (PodCondition condition : status.getConditions()) {
          if ("PodReadyToStartContainers".equals(condition.getType())
              && "True".equals(condition.getStatus())) {
            networkReadyAt =
                instant(condition.getLastTransitionTime(), where, "PodReadyToStartContainers");
          }
        }
      }
      startedAt = instant(status.getStartTime(), where, "status.startTime");
      finishedAt = finishedAt(status.getContainerStatuses(), where);
    }
    boolean hostNetwork = spec != null && Boolean.TRUE.equals(spec.getHostNetwork());
    List<String> ports = hostNetwork ? listenPorts(pod) : List.of();
    return new PodState(
        meta.getUid(),
        meta.getNamespace(),
        meta.getName(),
        Optional.ofNullable(spec == null ? null : spec.getNodeName()).filter(n -> !n.isEmpty()),
        hostNetwork,
        ips,
        labels(pod),
        controllerRef(meta.getOwnerReferences()),
        terminal,
        networkReadyAt,
        startedAt,
        finishedAt,
        ports);
  }

  private static Optional<Instant> finishedAt(List<ContainerStatus> statuses, String where) {
    if (statuses == null || statuses.isEmpty()) {
      return Optional.empty();
    }
    Instant last = null;
    for (ContainerStatus status : statuses) {
      if (status.getState() == null || status.getState().getTerminated() == null) {
        return Optional.empty();
      }
      Optional<Instant> finished =
          instant(status.getState().getTerminated().getFinishedAt(), where, "finishedAt");
      if (finished.isEmpty()) {
        return Optional.empty();
      }
      if (last == null || finished.get().isAfter(last)) {
        last = finished.get();
      }
    }
    return Optional.of(last);
  }

  /** Ports a hostNetwork pod serves, as {@code proto/port}, sorted by protocol then port. */
  static List<String> listenPorts(Pod pod) {
    record Port(String protocol, int number) {}
    Set<Port> ports = new LinkedHashSet<>();
    for (var container : pod.getSpec().getContainers()) {
      if (container.getPorts() == null) {
        continue;
      }
      for (ContainerPort port : container.getPorts()) {
        Integer number =
            port.getHostPort() != null && port.getHostPort() > 0
                ? port.getHostPort()
                : port.getContainerPort();
        if (number == null || number <= 0) {
          continue;
        }
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        ports.add(new Port(protocol.toLowerCase(java.util.Locale.ROOT), number));
      }
    }
    return ports.stream()
        .sorted(Comparator.comparing(Port::protocol).thenComparingInt(Port::number))
        .map(port -> port.protocol() + "/" + port.number())
        .toList();
  }

  static NodeState node(Node node) {
    var meta = node.getMetadata();
    String where = "node " + meta.getName();
    List<String> addresses = new ArrayList<>();
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (NodeAddress address : node.getStatus().getAddresses()) {
        if ("InternalIP".equals(address.getType()) || "ExternalIP".equals(address.getType())) {
          address(address.getAddress(), where, "status.addresses")
              .filter(ip -> !addresses.contains(ip))
              .ifPresent(addresses::add);
        }
      }
    }
    return new NodeState(
        meta.getUid(),
        meta.getName(),
        labels(node),
        Optional.ofNullable(node.getSpec() == null ? null : node.getSpec().getProviderID())
            .filter(id -> !id.isEmpty()),
        addresses,
        created(node, where));
  }

  static ServiceState service(Service service) {
    var meta = service.getMetadata();
    String where = "service " + meta.getNamespace() + "/" + meta.getName();
    List<String> clusterIps = new ArrayList<>();
    var spec = service.getSpec();
    if (spec != null) {
      List<String> declared =
          spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty()
              ? spec.getClusterIPs()
              : spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP());
      for (String ip : declared) {
        if (!ip.isEmpty() && !"None".equals(ip)) {
          address(ip, where, "spec.clusterIPs").ifPresent(clusterIps::add);
        }
      }
    }
    List<String> balancers = new ArrayList<>();
    if (service.getStatus() != null
        && service.getStatus().getLoadBalancer() != null
        && service.getStatus().getLoadBalancer().getIngress() != null) {
      for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
        // hostname-only ingress (AWS ELB) has no address to own
        if (ingress.getIp() != null && !ingress.getIp().isEmpty()) {
          address(ingress.getIp(), where, "status.loadBalancer.ingress").ifPresent(balancers::add);
        }
      }
    }
    return new ServiceState(
        meta.getUid(),
        meta.getNamespace(),
        meta.getName(),
        labels(service),
        clusterIps,
        balancers,
        created(service, where));
  }

  static ControllerState controller(HasMetadata object, String kind) {
    return new ControllerState(
        object.getMetadata().getUid(),
        kind,
        object.getMetadata().getName(),
        controllerRef(object.getMetadata().getOwnerReferences()));
  }

  private static Optional<OwnerRef> controllerRef(List<OwnerReference> references) {
    if (references == null) {
      return Optional.empty();
    }
    for (OwnerReference reference : references) {
      if (Boolean.TRUE.equals(reference.getController())) {
        // the API server requires all three; a malformed reference still names the workload
        return Optional.of(
            new OwnerRef(
                Optional.ofNullable(reference.getKind()).orElse("Unknown"),
                Optional.ofNullable(reference.getName()).orElse("unknown"),
                Optional.ofNullable(reference.getUid()).orElse("")));
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> labels(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static Optional<Instant> created(HasMetadata object, String where) {
    return instant(
        object.getMetadata().getCreationTimestamp(), where, "metadata.creationTimestamp");
  }

  private static Optional<String> address(String text, String where, String field) {
    try {
      return Optional.of(IpAddresses.canonical(text));
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring invalid address in {} {}: {}", where, field, e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Instant> instant(String text, String where, String field) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      LOG.warn("Ignoring invalid timestamp in {} {}: '{}'", where, field, text);
      return Optional.empty();
    }
  }
}
