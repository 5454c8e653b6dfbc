package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Direction;
import dev.netcost.contract.IpAddresses;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One day of internet traffic between one local workload and one peer address, per protocol, server
 * port and direction: network_flows rows with {@code traffic_class = 'internet'} summed over the
 * day. For outbound rows the peer is a destination and {@code serverPort} is its port.
 *
 * @param firstWindowStart the earliest window_start of the summed rows
 */
public record DailyFlow(
    LocalDate date,
    WorkloadId workload,
    String team,
    String peerIp,
    String protocol,
    int serverPort,
    Direction direction,
    long sentBytes,
    long receivedBytes,
    long connections,
    Instant firstWindowStart) {
  public DailyFlow {
    requireNonNull(date, "date is null");
    requireNonNull(workload, "workload is null");
    requireNonNull(team, "team is null");
    requireNonNull(peerIp, "peerIp is null");
    peerIp = IpAddresses.canonical(peerIp);
    requireNonNull(protocol, "protocol is null");
    requireNonNull(direction, "direction is null");
    requireNonNull(firstWindowStart, "firstWindowStart is null");
    if (serverPort < 0 || serverPort > 65535) {
      throw new IllegalArgumentException("server_port out of range: " + serverPort);
    }
    if (sentBytes < 0) {
      throw new IllegalArgumentException("sent_bytes is negative: " + sentBytes);
    }
    if (receivedBytes < 0) {
      throw new IllegalArgumentException("received_bytes is negative: " + receivedBytes);
    }
    if (connections < 0) {
      throw new IllegalArgumentException("connections is negative: " + connections);
    }
  }

  /** {@code tcp/3333}: how ports are keyed and shown. */
  public String portKey() {
    return protocol + "/" + serverPort;
  }
}
