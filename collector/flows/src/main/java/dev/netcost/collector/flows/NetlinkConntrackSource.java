package dev.netcost.collector.flows;

import static dev.netcost.collector.flows.NetlinkMessages.AF_UNSPEC;
import static dev.netcost.collector.flows.NetlinkMessages.IPCTNL_MSG_CT_NEW;
import static dev.netcost.collector.flows.NetlinkMessages.NFNL_SUBSYS_CTNETLINK;
import static dev.netcost.collector.flows.NetlinkMessages.NLMSG_DONE;
import static dev.netcost.collector.flows.NetlinkMessages.NLMSG_ERROR;
import static dev.netcost.collector.flows.NetlinkMessages.NLMSG_HEADER;
import static dev.netcost.collector.flows.NetlinkMessages.NLMSG_OVERRUN;

import dev.netcost.collector.common.Metrics;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Table dumps straight from the kernel over ctnetlink: one {@code IPCTNL_MSG_CT_GET} request with
 * {@code NLM_F_DUMP} for family {@code AF_UNSPEC} (IPv4 and IPv6 in one pass), answered by
 * multipart messages until {@code NLMSG_DONE}. Each message is parsed in place in the socket's
 * receive buffer; an entry whose id and counters the sink already knows costs no allocation. A
 * fresh socket per dump keeps a failed dump from leaving stale messages behind.
 */
final class NetlinkConntrackSource implements ConntrackSource {
  private static final Logger LOG = System.getLogger(NetlinkConntrackSource.class.getName());

  /** Receive buffer: the kernel fills at most about 32 KiB per dump datagram. */
  static final int BUFFER_BYTES = 64 << 10;

  private static final int LOGGED_PER_DUMP = 5;

  private final Path namespace;
  private final NetlinkMessages messages = new NetlinkMessages();
  private final long[] idAndCounters = new long[5];
  private final Metrics.Counter malformed;
  private int sequence;

  /**
   * @param namespace a network namespace file ({@code /run/netns/NAME}), or null for this process's
   *     namespace
   */
  NetlinkConntrackSource(Path namespace, Metrics metrics) {
    this.namespace = namespace;
    this.malformed =
        metrics.counter(
            "netcost_conntrack_malformed_lines_total",
            "Conntrack lines that could not be parsed and were skipped");
  }

  @Override
  public DumpResult dump(DumpSink sink) throws IOException {
    try (NetlinkSocket socket = NetlinkSocket.open(namespace, BUFFER_BYTES, 60)) {
      int seq = ++sequence;
      socket.send(NetlinkMessages.dumpRequest(socket.request(), seq, AF_UNSPEC));
      ByteBuffer buffer = socket.buffer();
      messages.reading(buffer);
      long entries = 0;
      long bad = 0;
      while (true) {
        int received = socket.receive();
        if (received == 0) {
          throw new IOException("conntrack dump: the netlink socket closed before NLMSG_DONE");
        }
        for (int offset = 0; offset + NLMSG_HEADER <= received; ) {
          int length = buffer.getInt(offset);
          int type = buffer.getShort(offset + 4) & 0xffff;
          if (length < NLMSG_HEADER || offset + length > received) {
            throw new IOException(
                "conntrack dump: netlink message of "
                    + length
                    + " bytes in a datagram of "
                    + received);
          }
          if (type == NLMSG_DONE) {
            if (bad > LOGGED_PER_DUMP) {
              LOG.log(
                  Level.WARNING,
                  "{0} more malformed conntrack messages skipped",
                  bad - LOGGED_PER_DUMP);
            }
            return new DumpResult(entries, bad);
          }
          if (type == NLMSG_ERROR) {
            int errno = length >= NLMSG_HEADER + 4 ? -buffer.getInt(offset + NLMSG_HEADER) : 0;
            throw new NetlinkSocket.NetlinkException("conntrack dump (IPCTNL_MSG_CT_GET)", errno);
          }
          if (type == NLMSG_OVERRUN) {
            throw new IOException("conntrack dump: NLMSG_OVERRUN (data lost)");
          }
          if (type == (NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW)) {
            try {
              messages.parse(offset, length);
              entries++;
              if (messages.hasId() && messages.hasCounters()) {
                messages.idAndCounters(idAndCounters);
                if (sink.unchanged(idAndCounters[0], idAndCounters)) {
                  offset += (length + 3) & ~3;
                  continue;
                }
              }
              sink.accept(messages.entry());
            } catch (NetlinkMessages.MalformedMessageException e) {
              bad++;
              malformed.increment();
              if (bad <= LOGGED_PER_DUMP) {
                LOG.log(
                    Level.WARNING,
                    "Skipped a malformed conntrack message in a dump: {0}",
                    e.getMessage());
              }
            }
          }
          offset += (length + 3) & ~3;
        }
      }
    }
  }

  @Override
  public boolean hasEvents() {
    return true;
  }

  @Override
  public String description() {
    return "netlink (ctnetlink dump and DESTROY events"
        + (namespace == null ? "" : ", network namespace " + namespace)
        + ")";
  }

  /**
   * Whether a ctnetlink socket can be opened and subscribed to DESTROY events here: null when it
   * can, else why not (no JNA native library, no permission, no nf_conntrack_netlink).
   */
  static String probe(Path namespace) {
    try (NetlinkSocket socket = NetlinkSocket.open(namespace, 4096, 1)) {
      socket.join(NetlinkMessages.NFNLGRP_CONNTRACK_DESTROY);
      return null;
    } catch (IOException e) {
      return e.getMessage();
    } catch (LinkageError e) {
      return "the JNA native library cannot load (" + e.getMessage() + ")";
    }
  }
}
