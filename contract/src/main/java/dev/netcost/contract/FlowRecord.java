package dev.netcost.contract;

import static dev.netcost.contract.Checks.checkArgument;
import static dev.netcost.contract.Checks.checkName;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of a flow snapshot (format {@code flows}, version 1): traffic between a local endpoint of
 * the reporting node and a peer during {@code [windowStart, windowEnd)}. Byte and packet counts are
 * from the local endpoint's point of view: {@code sentBytes} left the local endpoint, {@code
 * receivedBytes} arrived at it. Addresses are canonical text ({@link IpAddresses}).
 */
public record FlowRecord(
    String cluster,
    String node,
    Instant windowStart,
    Instant windowEnd,
    String localIp,
    String peerIp,
    Optional<String> peerPreNatIp,
    Optional<String> snatIp,
    Protocol protocol,
    int serverPort,
    Direction direction,
    long sentBytes,
    long receivedBytes,
    long sentPackets,
    long receivedPackets,
    long connections) {

  public FlowRecord {
    checkName(cluster, "cluster");
    checkName(node, "node");
    requireNonNull(windowStart, "windowStart is null");
    requireNonNull(windowEnd, "windowEnd is null");
    checkArgument(
        windowStart.isBefore(windowEnd),
        "window is empty or reversed: %s to %s",
        windowStart,
        windowEnd);
    localIp = IpAddresses.canonical(localIp);
    peerIp = IpAddresses.canonical(peerIp);
    peerPreNatIp = requireNonNull(peerPreNatIp, "peerPreNatIp is null").map(IpAddresses::canonical);
    snatIp = requireNonNull(snatIp, "snatIp is null").map(IpAddresses::canonical);
    requireNonNull(protocol, "protocol is null");
    checkArgument(
        serverPort >= 0 && serverPort <= 65535, "serverPort is out of range: %s", serverPort);
    requireNonNull(direction, "direction is null");
    checkArgument(sentBytes >= 0, "sentBytes is negative: %s", sentBytes);
    checkArgument(receivedBytes >= 0, "receivedBytes is negative: %s", receivedBytes);
    checkArgument(sentPackets >= 0, "sentPackets is negative: %s", sentPackets);
    checkArgument(receivedPackets >= 0, "receivedPackets is negative: %s", receivedPackets);
    checkArgument(connections >= 0, "connections is negative: %s", connections);
  }
}
