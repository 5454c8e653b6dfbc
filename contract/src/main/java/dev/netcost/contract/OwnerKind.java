package dev.netcost.contract;

/** What kind of object owned an IP address during an ownership interval. */
public enum OwnerKind {
  /** A pod with its own address (pod network). */
  POD("pod"),
  /**
   * A hostNetwork pod: it shares its node's address. Only inbound connections to one of its {@code
   * listen_ports} are its traffic; everything else on the node address is the node's.
   */
  HOST_POD("host_pod"),
  /** A node's internal or external address. */
  NODE("node"),
  /** A Service ClusterIP (a virtual address: traffic to it is DNAT'd to a backend). */
  SERVICE("service"),
  /** A LoadBalancer ingress address of a Service. */
  LOAD_BALANCER("load_balancer");

  private final String wireName;

  OwnerKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static OwnerKind fromWireName(String value) {
    for (OwnerKind kind : values()) {
      if (kind.wireName.equals(value)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "Invalid owner kind: "
            + value
            + " (expected pod, host_pod, node, service or load_balancer)");
  }
}
