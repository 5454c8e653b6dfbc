package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.LocalPods;
import dev.netcost.collector.common.WatchedLocalPods;
import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.NetcostException;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pods of one node from the Kubernetes API, for {@code collect flows --pods-from-api}: a pod
 * informer (list, then watch) with the field selector {@code spec.nodeName=<node>}, so the API
 * server sends this node's pods only, indexed by their IP addresses ({@code status.podIPs}, else
 * {@code status.podIP}).
 *
 * <p>A pod holds its addresses while it is not finished: pods in phase {@code Succeeded} or {@code
 * Failed} have released their sandbox, and {@code hostNetwork} pods share the node's addresses, so
 * neither is indexed. When two indexed pods hold one address (a deleted pod whose deletion has not
 * reached the API yet and its successor), the one created last wins, then the greater {@code
 * namespace/name}.
 *
 * <p>{@link #addresses()} (for {@code --local-pods-from-api}) is the set of indexed addresses: an
 * immutable copy rebuilt from the informer's store after every add, update and delete the watch
 * delivers, and once more when the first list is in. A deleted pod's or a changed address leaves
 * the set with the event that reports it. When the watch drops, the informer re-establishes it (and
 * lists again when the API server no longer has the last resource version); pods deleted meanwhile
 * are reported as deleted then.
 */
public final class NodePods implements WatchedLocalPods {
  private static final String BY_IP = "ip";

  private final String node;
  private final KubernetesClient client;
  private final boolean ownsClient;
  private final SharedIndexInformer<io.fabric8.kubernetes.api.model.Pod> informer;
  private volatile Set<String> addresses = Set.of();

  private NodePods(String node, KubernetesClient client, boolean ownsClient) {
    this.node = node;
    this.client = client;
    this.ownsClient = ownsClient;
    this.informer =
        client.pods().inAnyNamespace().withField("spec.nodeName", node).runnableInformer(0);
    informer.addIndexers(Map.of(BY_IP, NodePods::addresses));
    informer.addEventHandler(
        new ResourceEventHandler<io.fabric8.kubernetes.api.model.Pod>() {
          @Override
          public void onAdd(io.fabric8.kubernetes.api.model.Pod pod) {
            refresh();
          }

          @Override
          public void onUpdate(
              io.fabric8.kubernetes.api.model.Pod old, io.fabric8.kubernetes.api.model.Pod pod) {
            refresh();
          }

          @Override
          public void onDelete(
              io.fabric8.kubernetes.api.model.Pod pod, boolean deletedFinalStateUnknown) {
            refresh();
          }
        });
  }

  /**
   * Rebuilds {@link #addresses} from the informer's store, which holds an event's change before the
   * event reaches this handler. Synchronized so that a rebuild from an older store never replaces
   * one from a newer store (the handler's thread and {@link #open}'s).
   */
  private synchronized void refresh() {
    Set<String> current = new HashSet<>();
    for (io.fabric8.kubernetes.api.model.Pod pod : informer.getStore().list()) {
      current.addAll(addresses(pod));
    }
    addresses = Set.copyOf(current);
  }

  /**
   * Lists the pods of {@code node} through {@code client} and keeps watching them; returns once the
   * first list is in. {@code ownsClient}: close the client with this.
   */
  public static NodePods open(
      KubernetesClient client, boolean ownsClient, String node, Duration syncTimeout) {
    requireNonNull(client, "client is null");
    if (node == null || node.isBlank()) {
      throw new NetcostException(
          ErrorKind.USER,
          "--pods-from-api and --local-pods-from-api need the node's name: give --node (or"
              + " $NODE_NAME)");
    }
    NodePods pods = new NodePods(node, client, ownsClient);
    try {
      pods.informer
          .start()
          .toCompletableFuture()
          .get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pods.close();
      throw new NetcostException(ErrorKind.EXTERNAL, "Interrupted while listing pods", e);
    } catch (ExecutionException | TimeoutException e) {
      pods.close();
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new NetcostException(
          ErrorKind.EXTERNAL,
          "Cannot list the pods of node "
              + node
              + " from the Kubernetes API at "
              + client.getMasterUrl()
              + " within "
              + syncTimeout
              + ": "
              + (cause.getMessage() == null
                  ? cause.toString()
                  : cause.getMessage().strip().lines().findFirst().orElse(""))
              + " (check get, list, watch on pods for the service account; docs/collector-flows.md)",
          e);
    }
    pods.refresh();
    return pods;
  }

  @Override
  public Set<String> addresses() {
    return addresses;
  }

  @Override
  public Pod byIp(String canonicalIp) {
    io.fabric8.kubernetes.api.model.Pod holder =
        informer.getIndexer().byIndex(BY_IP, canonicalIp).stream()
            .max(
                Comparator.comparing(
                        (io.fabric8.kubernetes.api.model.Pod pod) ->
                            pod.getMetadata().getCreationTimestamp(),
                        Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                    .thenComparing(pod -> pod.getMetadata().getNamespace())
                    .thenComparing(pod -> pod.getMetadata().getName()))
            .orElse(null);
    return holder == null
        ? null
        : new Pod(holder.getMetadata().getNamespace(), holder.getMetadata().getName());
  }

  private static List<String> addresses(io.fabric8.kubernetes.api.model.Pod pod) {
    if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      return List.of();
    }
    if (pod.getStatus() == null) {
      return List.of();
    }
    String phase = pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return List.of();
    }
    Set<String> ips = new LinkedHashSet<>();
    if (pod.getStatus().getPodIPs() != null) {
      for (PodIP ip : pod.getStatus().getPodIPs()) {
        if (ip != null && ip.getIp() != null && !ip.getIp().isBlank()) {
          ips.add(canonical(ip.getIp()));
        }
      }
    }
    if (ips.isEmpty()
        && pod.getStatus().getPodIP() != null
        && !pod.getStatus().getPodIP().isBlank()) {
      ips.add(canonical(pod.getStatus().getPodIP()));
    }
    ips.remove(null);
    return new ArrayList<>(ips);
  }

  private static String canonical(String ip) {
    try {
      return IpAddresses.canonical(ip);
    } catch (IllegalArgumentException e) {
      return null; // an address the API server accepted but we cannot read: not attributable
    }
  }

  @Override
  public String toString() {
    return "the Kubernetes API (pods with spec.nodeName=" + node + ")";
  }

  @Override
  public void close() {
    informer.stop();
    if (ownsClient) {
      client.close();
    }
  }

  /**
   * {@code collect flows --pods-from-api} and {@code --local-pods-from-api}: a client from the
   * pod's service account or kubeconfig.
   */
  public static final class Provider implements LocalPods.Provider {
    @Override
    public WatchedLocalPods open(String node, Duration syncTimeout) {
      return NodePods.open(new KubernetesClientBuilder().build(), true, node, syncTimeout);
    }
  }
}
