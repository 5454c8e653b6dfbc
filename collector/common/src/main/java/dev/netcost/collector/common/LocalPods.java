package dev.netcost.collector.common;

import static java.util.Objects.requireNonNull;

/**
 * The pods of this node by IP address, for the flow collector's Kubecost-compatible counters. Two
 * implementations: a pods file the operator maintains (in the flow collector) and a node-scoped pod
 * informer on the Kubernetes API (in the metadata collector's module, found through {@link
 * Provider} so that the flow collector does not depend on a Kubernetes client).
 *
 * <p>Thread-safe: {@link #byIp} is called on the accountant's thread while updates arrive.
 */
public interface LocalPods extends AutoCloseable {
  /** A pod's namespace and name. */
  record Pod(String namespace, String name) {
    public Pod {
      requireNonNull(namespace, "namespace is null");
      requireNonNull(name, "name is null");
    }
  }

  /** The local pod that holds {@code canonicalIp} now, or null when no known pod does. */
  Pod byIp(String canonicalIp);

  @Override
  void close();

  /**
   * Opens {@link LocalPods} from the Kubernetes API, listed in {@code META-INF/services/
   * dev.netcost.collector.common.LocalPods$Provider}.
   */
  interface Provider {
    /**
     * Lists the pods scheduled to {@code node} and keeps watching them; returns once the first list
     * is in. Fails with an {@link dev.netcost.contract.ErrorKind#EXTERNAL} {@link
     * dev.netcost.contract.NetcostException} when the API cannot be reached or refuses the list
     * within {@code syncTimeout}.
     */
    WatchedLocalPods open(String node, java.time.Duration syncTimeout);
  }
}
