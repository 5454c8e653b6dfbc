package dev.netcost.collector.flows;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Protocol;

/**
 * One conntrack entry as the kernel reports it: the original tuple (as the initiator sent it), the
 * reply tuple (as the responder answers, i.e. after DNAT and SNAT) and the byte and packet counters
 * of each direction. Addresses are canonical text. Ports are 0 for protocols without ports.
 *
 * @param id the kernel's conntrack id, or 0 when the source has none ({@code /proc})
 * @param identity the key the accountant tracks this connection by: the id when there is one,
 *     otherwise a 64-bit hash of the original tuple and zone
 * @param tupleHash a 64-bit hash of the original tuple, to tell a reused id from the same entry
 * @param hasCounters whether the entry carried byte counters ({@code nf_conntrack_acct} was on when
 *     it was created)
 */
record ConntrackEntry(
    long id,
    long identity,
    long tupleHash,
    Protocol protocol,
    int protocolNumber,
    String originalSource,
    String originalDestination,
    int originalSourcePort,
    int originalDestinationPort,
    String replySource,
    String replyDestination,
    int replySourcePort,
    int replyDestinationPort,
    boolean hasCounters,
    long originalPackets,
    long originalBytes,
    long replyPackets,
    long replyBytes) {
  ConntrackEntry {
    requireNonNull(protocol, "protocol is null");
    requireNonNull(originalSource, "originalSource is null");
    requireNonNull(originalDestination, "originalDestination is null");
    requireNonNull(replySource, "replySource is null");
    requireNonNull(replyDestination, "replyDestination is null");
  }
}
