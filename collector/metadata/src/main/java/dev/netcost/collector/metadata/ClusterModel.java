package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import dev.netcost.collector.metadata.IntervalLedger.Claim;
import dev.netcost.collector.metadata.ObjectStates.ControllerState;
import dev.netcost.collector.metadata.ObjectStates.NodeState;
import dev.netcost.collector.metadata.ObjectStates.PodState;
import dev.netcost.collector.metadata.ObjectStates.ServiceState;
import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.LabelsJson;
import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as the watches describe it, turned into IP ownership intervals. Every event handler
 * stores the object's latest state and re-declares the addresses it holds to the {@link
 * IntervalLedger}; a change of anything an interval carries (team, workload, node zone) ends the
 * interval and starts a new one at the instant it was observed.
 *
 * <h2>Times</h2>
 *
 * All instants are whole seconds. "Now" is the injected clock when the event is processed.
 *
 * <ul>
 *   <li>A pod address starts at the pod's {@code PodReadyToStartContainers} transition, else (the
 *       first time the pod is seen) at {@code status.startTime}, else now; never later than now.
 *   <li>A pod address ends when every container has terminated (the last {@code finishedAt}), or
 *       when the pod's deletion is observed, whichever comes first; a terminal phase ({@code
 *       Succeeded}, {@code Failed}) ends it even though the pod object stays.
 *   <li>Node and ClusterIP addresses present when the object is first seen start at its {@code
 *       creationTimestamp}; addresses that appear later start when observed. LoadBalancer ingress
 *       addresses carry no timestamp and start when observed.
 *   <li>Objects missing from a relist (deleted while the watch was down) end at the relist time:
 *       the true end lies between the last event seen and the relist, and a reused pod address is
 *       cut at its new owner's start (see {@link IntervalLedger}).
 * </ul>
 *
 * Thread-safe: informer callbacks of different resources arrive on different threads and are
 * serialised here.
 */
final class ClusterModel {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterModel.class);

  /** The resources whose relist the model reconciles. */
  enum Resource {
    PODS,
    NODES,
    SERVICES
  }

  private final Clock clock;
  private final TeamResolver teams;
  private final IntervalLedger ledger;
  private final Map<String, PodState> pods = new HashMap<>();
  private final Map<String, NodeState> nodes = new HashMap<>();
  private final Map<String, String> nodeUidByName = new HashMap<>();
  private final Map<String, ServiceState> services = new HashMap<>();
  private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
  private final Map<String, ControllerState> controllers = new HashMap<>();
  private final Map<String, Set<String>> podsByController = new HashMap<>();
  private final Map<String, Set<String>> podsByNode = new HashMap<>();
  private long events;

  ClusterModel(String cluster, Clock clock, TeamResolver teams) {
    this.clock = requireNonNull(clock, "clock is null");
    this.teams = requireNonNull(teams, "teams is null");
    this.ledger = new IntervalLedger(cluster);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  // ---- pods

  synchronized void podUpserted(PodState pod) {
    events++;
    Instant now = now();
    PodState previous = pods.put(pod.uid(), pod);
    if (previous != null) {
      unindex(previous);
    }
    index(pod);
    reconcilePod(pod, previous == null, now);
  }

  synchronized void podDeleted(PodState pod) {
    events++;
    Instant now = now();
    PodState known = pods.remove(pod.uid());
    if (known != null) {
      unindex(known);
    }
    Instant closeAt =
        earlier(
            pod.finishedAt().or(() -> known == null ? Optional.empty() : known.finishedAt()), now);
    ledger.closeOwner(pod.uid(), closeAt);
  }

  private void reconcilePod(PodState pod, boolean firstSeen, Instant now) {
    List<Claim> claims = new ArrayList<>();
    if (!pod.terminal() && !pod.ips().isEmpty()) {
      Optional<Instant> stamp = pod.networkReadyAt();
      if (stamp.isEmpty() && firstSeen) {
        stamp = pod.startedAt();
      }
      Instant from = earlier(stamp, now);
      OwnerKind kind = pod.hostNetwork() ? OwnerKind.HOST_POD : OwnerKind.POD;
      Owner owner = podOwner(pod, kind);
      for (String ip : pod.ips()) {
        claims.add(new Claim(kind, IpAddresses.canonical(ip), owner, from));
      }
    }
    Instant closeAt = pod.terminal() ? earlier(pod.finishedAt(), now) : now;
    ledger.reconcile(pod.uid(), claims, closeAt);
  }

  private Owner podOwner(PodState pod, OwnerKind kind) {
    Workloads.Workload workload =
        Workloads.resolve(
            pod.name(),
            pod.labels(),
            pod.controller(),
            uid -> Optional.ofNullable(controllers.get(uid)));
    Optional<NodeState> node = pod.node().map(nodeUidByName::get).map(nodes::get);
    return new Owner(
        kind,
        pod.uid(),
        Optional.of(pod.namespace()),
        Optional.of(pod.name()),
        workload.kind(),
        workload.name(),
        teams.team(
            pod.labels(), pod.namespace(), namespaceLabels.getOrDefault(pod.namespace(), Map.of())),
        LabelsJson.of(pod.labels()),
        pod.node(),
        node.flatMap(n -> NodeTopology.zone(n.labels())),
        node.flatMap(n -> NodeTopology.region(n.labels())),
        node.flatMap(NodeState::providerId).flatMap(ProviderIds::instanceId),
        kind == OwnerKind.HOST_POD && !pod.listenPorts().isEmpty()
            ? Optional.of(String.join(",", pod.listenPorts()))
            : Optional.empty());
  }

  private void index(PodState pod) {
    pod.controller()
        .ifPresent(
            c -> podsByController.computeIfAbsent(c.uid(), k -> new HashSet<>()).add(pod.uid()));
    pod.node().ifPresent(n -> podsByNode.computeIfAbsent(n, k -> new HashSet<>()).add(pod.uid()));
  }

  private void unindex(PodState pod) {
    pod.controller().ifPresent(c -> removeFromIndex(podsByController, c.uid(), pod.uid()));
    pod.node().ifPresent(n -> removeFromIndex(podsByNode, n, pod.uid()));
  }

  private static void removeFromIndex(Map<String, Set<String>> index, String key, String uid) {
    Set<String> uids = index.get(key);
    if (uids != null) {
      uids.remove(uid);
      if (uids.isEmpty()) {
        index.remove(key);
      }
    }
  }

  private void refreshPods(Set<String> podUids, Instant now) {
    if (podUids == null) {
      return;
    }
    for (String uid : List.copyOf(podUids)) {
      PodState pod = pods.get(uid);
      if (pod != null) {
        reconcilePod(pod, false, now);
      }
    }
  }

  // ---- owner chain

  synchronized void controllerUpserted(ControllerState controller) {
    events++;
    ControllerState previous = controllers.put(controller.uid(), controller);
    if (previous == null || !previous.equals(controller)) {
      refreshPods(podsByController.get(controller.uid()), now());
    }
  }

  synchronized void controllerDeleted(String uid) {
    events++;
    // pods keep the workload they were resolved to: an orphaned pod is still its workload's, and
    // its own deletion usually follows
    controllers.remove(uid);
  }

  // ---- namespaces

  synchronized void namespaceUpserted(String name, Map<String, String> labels) {
    events++;
    Map<String, String> previous = namespaceLabels.put(name, Map.copyOf(labels));
    if (previous != null && !previous.equals(labels)) {
      Instant now = now();
      for (PodState pod : List.copyOf(pods.values())) {
        if (pod.namespace().equals(name)) {
          reconcilePod(pod, false, now);
        }
      }
      for (ServiceState service : List.copyOf(services.values())) {
        if (service.namespace().equals(name)) {
          reconcileService(service, false, now);
        }
      }
    }
  }

  synchronized void namespaceDeleted(String name) {
    events++;
    // a namespace is deleted after its objects; their rows keep the team they had
    namespaceLabels.remove(name);
  }

  // ---- nodes

  synchronized void nodeUpserted(NodeState node) {
    events++;
    Instant now = now();
    NodeState previous = nodes.put(node.uid(), node);
    nodeUidByName.put(node.name(), node.uid());
    Owner owner = nodeOwner(node);
    Instant from = previous == null ? earlier(node.createdAt(), now) : now;
    List<Claim> claims = new ArrayList<>();
    for (String ip : node.addresses()) {
      claims.add(new Claim(OwnerKind.NODE, IpAddresses.canonical(ip), owner, from));
    }
    ledger.reconcile(node.uid(), claims, now);
    if (previous == null
        || !previous.labels().equals(node.labels())
        || !previous.providerId().equals(node.providerId())) {
      refreshPods(podsByNode.get(node.name()), now);
    }
  }

  synchronized void nodeDeleted(NodeState node) {
    events++;
    nodes.remove(node.uid());
    nodeUidByName.remove(node.name(), node.uid());
    ledger.closeOwner(node.uid(), now());
  }

  private Owner nodeOwner(NodeState node) {
    Map<String, String> labels = new HashMap<>(node.labels());
    NodeTopology.instanceType(node.labels())
        .ifPresent(type -> labels.put(NodeTopology.INSTANCE_TYPE_KEY, type));
    return new Owner(
        OwnerKind.NODE,
        node.uid(),
        Optional.empty(),
        Optional.empty(),
        "Node",
        node.name(),
        teams.nodeTeam(node.labels()),
        LabelsJson.of(labels),
        Optional.of(node.name()),
        NodeTopology.zone(node.labels()),
        NodeTopology.region(node.labels()),
        node.providerId().flatMap(ProviderIds::instanceId),
        Optional.empty());
  }

  // ---- services

  synchronized void serviceUpserted(ServiceState service) {
    events++;
    ServiceState previous = services.put(service.uid(), service);
    reconcileService(service, previous == null, now());
  }

  synchronized void serviceDeleted(ServiceState service) {
    events++;
    services.remove(service.uid());
    ledger.closeOwner(service.uid(), now());
  }

  private void reconcileService(ServiceState service, boolean firstSeen, Instant now) {
    Owner base =
        new Owner(
            OwnerKind.SERVICE,
            service.uid(),
            Optional.of(service.namespace()),
            Optional.empty(),
            "Service",
            service.name(),
            teams.team(
                service.labels(),
                service.namespace(),
                namespaceLabels.getOrDefault(service.namespace(), Map.of())),
            LabelsJson.of(service.labels()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    Instant clusterIpFrom = firstSeen ? earlier(service.createdAt(), now) : now;
    List<Claim> claims = new ArrayList<>();
    for (String ip : new LinkedHashSet<>(service.clusterIps())) {
      claims.add(new Claim(OwnerKind.SERVICE, IpAddresses.canonical(ip), base, clusterIpFrom));
    }
    Owner balancer =
        new Owner(
            OwnerKind.LOAD_BALANCER,
            base.uid(),
            base.namespace(),
            base.pod(),
            base.workloadKind(),
            base.workload(),
            base.team(),
            base.labelsJson(),
            base.node(),
            base.zone(),
            base.region(),
            base.cloudInstanceId(),
            base.listenPorts());
    for (String ip : new LinkedHashSet<>(service.loadBalancerIps())) {
      claims.add(new Claim(OwnerKind.LOAD_BALANCER, IpAddresses.canonical(ip), balancer, now));
    }
    ledger.reconcile(service.uid(), claims, now);
  }

  // ---- relists

  /**
   * A full list of {@code resource} completed after the watch was lost (410 Gone, API server
   * restart, a new leader): objects known here but absent from the list were deleted while nobody
   * watched, and their intervals end now.
   */
  synchronized void relisted(Resource resource, Set<String> presentUids) {
    events++;
    Instant now = now();
    switch (resource) {
      case PODS -> {
        for (PodState pod : List.copyOf(pods.values())) {
          if (!presentUids.contains(pod.uid())) {
            LOG.info(
                "Pod {}/{} vanished during a watch gap; closing at {}",
                pod.namespace(),
                pod.name(),
                now);
            pods.remove(pod.uid());
            unindex(pod);
            ledger.closeOwner(pod.uid(), earlier(pod.finishedAt(), now));
          }
        }
      }
      case NODES -> {
        for (NodeState node : List.copyOf(nodes.values())) {
          if (!presentUids.contains(node.uid())) {
            nodes.remove(node.uid());
            nodeUidByName.remove(node.name(), node.uid());
            ledger.closeOwner(node.uid(), now);
          }
        }
      }
      case SERVICES -> {
        for (ServiceState service : List.copyOf(services.values())) {
          if (!presentUids.contains(service.uid())) {
            services.remove(service.uid());
            ledger.closeOwner(service.uid(), now);
          }
        }
      }
    }
  }

  /**
   * Whether the events of an initial list have been processed: every listed namespace, node and
   * controller is known. The watcher waits for this before it starts the pod informer, so that a
   * pod's node zone and workload are known when its first interval opens (otherwise the interval
   * would be split, without cause, when the node event arrives a moment later).
   */
  synchronized boolean knowsAll(
      Set<String> namespaceNames, Set<String> nodeUids, Set<String> controllerUids) {
    return namespaceLabels.keySet().containsAll(namespaceNames)
        && nodes.keySet().containsAll(nodeUids)
        && controllers.keySet().containsAll(controllerUids);
  }

  // ---- snapshots

  /** Rows of the snapshot of the hour starting at {@code hourStart}, see {@link IntervalLedger}. */
  synchronized List<OwnershipInterval> snapshot(Instant hourStart) {
    return ledger.snapshot(hourStart, hourStart.plus(1, ChronoUnit.HOURS));
  }

  /** Records that the snapshot returned for {@code hourStart} reached the sink. */
  synchronized void published(Instant hourStart) {
    ledger.published(hourStart.plus(1, ChronoUnit.HOURS));
  }

  /** Every interval the model holds on {@code ip} (open and not yet forgotten), for tests. */
  synchronized List<OwnershipInterval> intervals(String ip) {
    return ledger.intervals(IpAddresses.canonical(ip));
  }

  /** The interval of {@code kind} holding {@code ip} at {@code instant}, if any. */
  synchronized Optional<OwnershipInterval> ownerAt(String ip, OwnerKind kind, Instant instant) {
    return ledger.intervals(IpAddresses.canonical(ip)).stream()
        .filter(interval -> interval.kind() == kind && interval.contains(instant))
        .findFirst();
  }

  /** Events processed so far; tests wait on it. */
  synchronized long events() {
    return events;
  }

  synchronized int podCount() {
    return pods.size();
  }

  synchronized int openIntervals() {
    return ledger.openCount();
  }

  synchronized int closedIntervals() {
    return ledger.closedCount();
  }

  private static Instant earlier(Optional<Instant> stamp, Instant now) {
    return stamp
        .map(s -> s.truncatedTo(ChronoUnit.SECONDS))
        .filter(s -> s.isBefore(now))
        .orElse(now);
  }
}
