package dev.netcost.collector.common;

import java.util.Set;

/**
 * {@link LocalPods} kept current by a watch of the Kubernetes API, which also knows every address
 * this node's pods hold: for {@code collect flows --local-pods-from-api}, where those addresses are
 * this node's local endpoints (network plugins that give pods addresses from the VPC subnet, not
 * from a per-node pod CIDR).
 */
public interface WatchedLocalPods extends LocalPods {
  /**
   * The canonical addresses of this node's pods now: an immutable set, replaced as a whole after
   * each change the watch delivers, so a caller may test membership on any thread without locking.
   */
  Set<String> addresses();
}
