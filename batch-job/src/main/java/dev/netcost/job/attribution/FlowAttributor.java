package dev.netcost.job.attribution;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.Money;
import dev.netcost.contract.OwnerKind;
import dev.netcost.pricing.Destination;
import dev.netcost.pricing.TrafficClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Resolves both ends of a flow row to their owners at the row's window and classifies the traffic.
 * This is the row logic of the nightly job, in plain Java.
 *
 * <p>Rules (docs/data-contract.md, "Attribution"):
 *
 * <ul>
 *   <li>An address's owner is whoever held it during the window. When ownership changed within the
 *       window, the row is split between the owners in proportion to the seconds each held it; when
 *       both ends changed, in proportion to the seconds each pair coexisted. Counts are split with
 *       {@link Shares}, so the parts add up to the row exactly.
 *   <li>A node address is shared by the node and its hostNetwork pods: a connection whose server
 *       side is that address and whose server port is one the hostNetwork pod listens on belongs to
 *       the pod; all other traffic of the address belongs to the node.
 *   <li>Peers in the cluster are classed by zone and region of both ends; service VIPs and load
 *       balancer addresses without a DNAT'd backend cannot be placed and are {@code unknown}. Peers
 *       outside the cluster are classed by {@link PeerClassifier} (the pricing module's destination
 *       classifier behind the job's private allow-list).
 * </ul>
 */
public final class FlowAttributor implements Serializable {
  private final OwnershipIndex index;
  private final PeerClassifier external;

  public FlowAttributor(OwnershipIndex index, PeerClassifier external) {
    this.index = requireNonNull(index, "index is null");
    this.external = requireNonNull(external, "external is null");
  }

  /**
   * The same attribution over other owners: the nightly job's join mode gives each row an index of
   * just the owners its addresses had during its window.
   */
  public FlowAttributor withIndex(OwnershipIndex owners) {
    return new FlowAttributor(owners, external);
  }

  /** How peers outside the cluster are classified (and the run's pricing behind it). */
  public PeerClassifier peers() {
    return external;
  }

  /**
   * One owner pair's share of a flow row. Owners are null when an end is not a cluster object;
   * {@code destination} is set for peers outside the cluster (where they are, for prices,
   * surcharges and the peer_region / peer_zone / peer_service columns).
   */
  public record Part(
      Owner local,
      Owner peer,
      Owner service,
      TrafficClass trafficClass,
      Destination destination,
      long sentBytes,
      long receivedBytes,
      long sentPackets,
      long receivedPackets,
      long connections,
      boolean split) {}

  /**
   * Attributes one flow row. {@code inbound} is true when the peer opened the connection (the local
   * end is the server).
   */
  public List<Part> attribute(
      String cluster,
      long windowStartMicros,
      long windowEndMicros,
      String localIp,
      String peerIp,
      String peerPreNatIp,
      String protocol,
      int serverPort,
      boolean inbound,
      long sentBytes,
      long receivedBytes,
      long sentPackets,
      long receivedPackets,
      long connections) {
    List<Owner> locals =
        side(cluster, localIp, windowStartMicros, windowEndMicros, inbound, protocol, serverPort);
    List<Owner> peers =
        side(cluster, peerIp, windowStartMicros, windowEndMicros, !inbound, protocol, serverPort);
    Owner service =
        peerPreNatIp == null
            ? null
            : service(cluster, peerPreNatIp, windowStartMicros, windowEndMicros);
    byte[] peerAddress = peers.isEmpty() ? IpAddresses.parse(peerIp) : null;

    int localCount = Math.max(1, locals.size());
    int peerCount = Math.max(1, peers.size());
    if (localCount == 1 && peerCount == 1) {
      Owner local = locals.isEmpty() ? null : locals.get(0);
      Owner peer = peers.isEmpty() ? null : peers.get(0);
      Destination destination = peer == null ? external.classify(local, peerAddress) : null;
      return List.of(
          new Part(
              local,
              peer,
              service,
              classify(local, peer, destination),
              destination,
              sentBytes,
              receivedBytes,
              sentPackets,
              receivedPackets,
              connections,
              false));
    }

    long[] weights = new long[localCount * peerCount];
    boolean any = false;
    for (int i = 0; i < localCount; i++) {
      for (int j = 0; j < peerCount; j++) {
        long from = windowStartMicros;
        long to = windowEndMicros;
        if (!locals.isEmpty()) {
          from = Math.max(from, locals.get(i).validFromMicros());
          to = Math.min(to, locals.get(i).validToMicros());
        }
        if (!peers.isEmpty()) {
          from = Math.max(from, peers.get(j).validFromMicros());
          to = Math.min(to, peers.get(j).validToMicros());
        }
        long overlap = Math.max(0, to - from);
        weights[i * peerCount + j] = overlap;
        any |= overlap > 0;
      }
    }
    if (!any) {
      // the two ends never held their addresses at the same time within the window: weigh each
      // pair by how long each end held its address instead
      for (int i = 0; i < localCount; i++) {
        for (int j = 0; j < peerCount; j++) {
          long localSeconds =
              locals.isEmpty()
                  ? 1
                  : overlapSeconds(locals.get(i), windowStartMicros, windowEndMicros);
          long peerSeconds =
              peers.isEmpty()
                  ? 1
                  : overlapSeconds(peers.get(j), windowStartMicros, windowEndMicros);
          weights[i * peerCount + j] = Math.max(1, localSeconds) * Math.max(1, peerSeconds);
        }
      }
    }
    long[] sent = Money.apportion(sentBytes, weights);
    long[] received = Money.apportion(receivedBytes, weights);
    long[] sentPk = Money.apportion(sentPackets, weights);
    long[] receivedPk = Money.apportion(receivedPackets, weights);
    long[] conns = Money.apportion(connections, weights);
    List<Part> parts = new ArrayList<>(weights.length);
    for (int i = 0; i < localCount; i++) {
      for (int j = 0; j < peerCount; j++) {
        int k = i * peerCount + j;
        if (weights[k] == 0) {
          continue;
        }
        Owner local = locals.isEmpty() ? null : locals.get(i);
        Owner peer = peers.isEmpty() ? null : peers.get(j);
        Destination destination = peer == null ? external.classify(local, peerAddress) : null;
        parts.add(
            new Part(
                local,
                peer,
                service,
                classify(local, peer, destination),
                destination,
                sent[k],
                received[k],
                sentPk[k],
                receivedPk[k],
                conns[k],
                true));
      }
    }
    return parts;
  }

  private static long overlapSeconds(Owner owner, long from, long to) {
    return Math.max(
            0, Math.min(to, owner.validToMicros()) - Math.max(from, owner.validFromMicros()))
        / 1_000_000;
  }

  private List<Owner> side(
      String cluster,
      String address,
      long from,
      long to,
      boolean isServer,
      String protocol,
      int serverPort) {
    List<Owner> owners = index.owners(cluster, address, from, to);
    if (owners.isEmpty()) {
      return owners;
    }
    boolean hostPods = false;
    for (Owner owner : owners) {
      hostPods |= owner.kind() == OwnerKind.HOST_POD;
    }
    if (!hostPods) {
      return owners;
    }
    List<Owner> chosen = new ArrayList<>(owners.size());
    if (isServer) {
      for (Owner owner : owners) {
        if (owner.kind() == OwnerKind.HOST_POD && owner.listensOn(protocol, serverPort)) {
          chosen.add(owner);
        }
      }
      if (!chosen.isEmpty()) {
        return chosen;
      }
    }
    for (Owner owner : owners) {
      if (owner.kind() != OwnerKind.HOST_POD) {
        chosen.add(owner);
      }
    }
    return chosen;
  }

  private Owner service(String cluster, String address, long from, long to) {
    Owner best = null;
    long bestOverlap = -1;
    for (Owner owner : index.owners(cluster, address, from, to)) {
      if (owner.kind() != OwnerKind.SERVICE && owner.kind() != OwnerKind.LOAD_BALANCER) {
        continue;
      }
      long overlap = Math.min(to, owner.validToMicros()) - Math.max(from, owner.validFromMicros());
      if (overlap > bestOverlap) {
        best = owner;
        bestOverlap = overlap;
      }
    }
    return best;
  }

  static TrafficClass classify(Owner local, Owner peer, Destination destination) {
    if (peer == null) {
      return destination.trafficClass();
    }
    if (peer.kind() == OwnerKind.SERVICE || peer.kind() == OwnerKind.LOAD_BALANCER) {
      return TrafficClass.UNKNOWN;
    }
    if (local == null
        || local.zone() == null
        || local.region() == null
        || peer.zone() == null
        || peer.region() == null) {
      return TrafficClass.UNKNOWN;
    }
    if (!Objects.equals(local.region(), peer.region())) {
      return TrafficClass.CROSS_REGION;
    }
    return local.zone().equals(peer.zone()) ? TrafficClass.SAME_ZONE : TrafficClass.CROSS_ZONE;
  }
}
