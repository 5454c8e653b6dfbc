package dev.netcost.collector.flows;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Direction;
import dev.netcost.contract.Protocol;
import java.util.Comparator;
import java.util.Optional;

/** What one flow row is keyed by within a window; addresses are canonical text. */
record FlowKey(
    String localIp,
    String peerIp,
    Optional<String> peerPreNatIp,
    Optional<String> snatIp,
    Protocol protocol,
    int serverPort,
    Direction direction) {
  static final Comparator<FlowKey> ORDER =
      Comparator.comparing(FlowKey::localIp)
          .thenComparing(FlowKey::peerIp)
          .thenComparing(FlowKey::protocol)
          .thenComparingInt(FlowKey::serverPort)
          .thenComparing(FlowKey::direction)
          .thenComparing(k -> k.peerPreNatIp().orElse(""))
          .thenComparing(k -> k.snatIp().orElse(""));

  FlowKey {
    requireNonNull(localIp, "localIp is null");
    requireNonNull(peerIp, "peerIp is null");
    requireNonNull(peerPreNatIp, "peerPreNatIp is null");
    requireNonNull(snatIp, "snatIp is null");
    requireNonNull(protocol, "protocol is null");
    requireNonNull(direction, "direction is null");
  }
}
