package dev.netcost.collector.flows;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Direction;
import java.util.Optional;

/**
 * Turns a conntrack entry into the flow keys of this node's local endpoints. With A→B the original
 * tuple and C→D the reply tuple:
 *
 * <ul>
 *   <li>C, the reply's source, is the real responder (after DNAT: the backend pod behind a
 *       ClusterIP or NodePort), so it is the peer of an outbound flow and B, when it differs, is
 *       the peer's pre-NAT address (the service VIP);
 *   <li>D, the reply's destination, differs from A when the initiator was source-NATed
 *       (masquerade): D is the SNAT address;
 *   <li>A local A gives an outbound row (sent = original-direction bytes, received = reply bytes);
 *       a local C gives an inbound row (sent = reply bytes, received = original bytes). Both local
 *       (pod to pod on one node) gives both rows: each byte once per side.
 *   <li>The server port is C's port (the port the backend really listens on); 0 without ports.
 *   <li>Loopback connections and connections with no local side (forwarded traffic) give nothing.
 * </ul>
 */
final class FlowClassifier {
  private final LocalEndpoints local;

  FlowClassifier(LocalEndpoints local) {
    this.local = requireNonNull(local, "local is null");
  }

  /** The outbound key of the entry, or null when its initiator is not local. */
  FlowKey outbound(ConntrackEntry entry) {
    String initiator = entry.originalSource();
    if (LocalEndpoints.isLoopback(initiator) || !local.isLocal(initiator)) {
      return null;
    }
    return new FlowKey(
        initiator,
        entry.replySource(),
        differs(entry.originalDestination(), entry.replySource()),
        differs(entry.replyDestination(), initiator),
        entry.protocol(),
        serverPort(entry),
        Direction.OUTBOUND);
  }

  /** The inbound key of the entry, or null when its responder is not local. */
  FlowKey inbound(ConntrackEntry entry) {
    String responder = entry.replySource();
    if (LocalEndpoints.isLoopback(responder)
        || LocalEndpoints.isLoopback(entry.originalSource())
        || !local.isLocal(responder)) {
      return null;
    }
    return new FlowKey(
        responder,
        entry.originalSource(),
        Optional.empty(),
        differs(entry.replyDestination(), entry.originalSource()),
        entry.protocol(),
        serverPort(entry),
        Direction.INBOUND);
  }

  @Override
  public String toString() {
    return "local endpoints: " + local;
  }

  private static int serverPort(ConntrackEntry entry) {
    return entry.protocol().hasPorts() ? entry.replySourcePort() : 0;
  }

  private static Optional<String> differs(String candidate, String reference) {
    return candidate.equals(reference) ? Optional.empty() : Optional.of(candidate);
  }
}
