package dev.netcost.collector.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.contract.Protocol;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * ctnetlink messages built byte by byte as the kernel lays them out (nlmsghdr, nfgenmsg, nested
 * attributes, network byte order values), read in place. The kernel tests read real ones.
 */
class NetlinkMessagesTest {
  private final ByteBuffer buffer = ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());
  private int position;

  private int begin() {
    int start = position;
    position += 4;
    return start;
  }

  private void end(int start, int type) {
    int length = position - start;
    buffer.putShort(start, (short) length);
    buffer.putShort(start + 2, (short) type);
    position = (position + 3) & ~3;
  }

  private void attribute(int type, byte[] value) {
    int start = begin();
    buffer.put(position, value);
    position += value.length;
    end(start, type);
  }

  private static byte[] be(long value, int size) {
    byte[] out = new byte[size];
    for (int i = size - 1; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }

  private void tuple(
      int type, int[] source, int[] destination, int protocol, int sport, int dport) {
    int tuple = begin();
    int ip = begin();
    byte[] src = new byte[source.length];
    byte[] dst = new byte[destination.length];
    for (int i = 0; i < source.length; i++) {
      src[i] = (byte) source[i];
      dst[i] = (byte) destination[i];
    }
    attribute(source.length == 4 ? 1 : 3, src);
    attribute(source.length == 4 ? 2 : 4, dst);
    end(ip, 1 | 0x8000);
    int proto = begin();
    attribute(1, be(protocol, 1));
    attribute(2, be(sport, 2));
    attribute(3, be(dport, 2));
    end(proto, 2 | 0x8000);
    end(tuple, type | 0x8000);
  }

  private void counters(int type, long packets, long bytes) {
    int counters = begin();
    attribute(1, be(packets, 8));
    attribute(2, be(bytes, 8));
    end(counters, type | 0x8000);
  }

  /** A whole message: header (type IPCTNL_MSG_CT_NEW of ctnetlink), nfgenmsg, attributes. */
  private int message(int family, Runnable attributes) {
    position = 16;
    buffer.put(16, (byte) family);
    buffer.put(17, (byte) 0);
    buffer.putShort(18, (short) 0);
    position = 20;
    attributes.run();
    buffer.putInt(0, position);
    buffer.putShort(4, (short) (1 << 8));
    return position;
  }

  @Test
  void aDumpedTcpEntryWithNatAndCountersIsReadInPlace() throws Exception {
    int length =
        message(
            2,
            () -> {
              tuple(1, new int[] {10, 99, 2, 2}, new int[] {10, 99, 200, 1}, 6, 40000, 80);
              tuple(2, new int[] {10, 99, 1, 2}, new int[] {10, 99, 1, 1}, 6, 8080, 40000);
              attribute(3, be(0x18e, 4)); // CTA_STATUS: skipped
              counters(9, 12, 5_000_000_000L);
              counters(10, 10, 1234);
              attribute(12, be(0xfedcba98L, 4)); // CTA_ID above 2^31: unsigned
            });
    NetlinkMessages messages = new NetlinkMessages();
    messages.reading(buffer);
    messages.parse(0, length);
    long[] quick = new long[5];
    messages.idAndCounters(quick);
    assertThat(quick).containsExactly(0xfedcba98L, 12, 5_000_000_000L, 10, 1234);
    ConntrackEntry entry = messages.entry();
    // the same entry as conntrack-tools prints it, through the text parser: equal, hashes included
    ConntrackEntry text =
        new ConntrackParser("test")
            .parse(
                "ipv4     2 tcp      6 431999 ESTABLISHED src=10.99.2.2 dst=10.99.200.1"
                    + " sport=40000 dport=80 packets=12 bytes=5000000000 src=10.99.1.2"
                    + " dst=10.99.1.1 sport=8080 dport=40000 packets=10 bytes=1234 [ASSURED]"
                    + " mark=0 use=1 id=4275878552",
                1)
            .entry();
    assertThat(entry).isEqualTo(text);
    assertThat(entry.protocol()).isEqualTo(Protocol.TCP);
    assertThat(entry.replySource()).isEqualTo("10.99.1.2");
  }

  @Test
  void anIpv6EntryWithoutCountersHasNone() throws Exception {
    int[] a = {0xfd, 0x99, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    int[] b = {0xfd, 0x99, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    int length =
        message(
            10,
            () -> {
              tuple(1, a, b, 17, 5353, 9090);
              tuple(2, b, a, 17, 9090, 5353);
              attribute(12, be(77, 4));
            });
    NetlinkMessages messages = new NetlinkMessages();
    messages.reading(buffer);
    messages.parse(0, length);
    assertThat(messages.hasCounters()).isFalse();
    ConntrackEntry entry = messages.entry();
    assertThat(entry.originalSource()).isEqualTo("fd99:1::1");
    assertThat(entry.originalDestination()).isEqualTo("fd99:1::2");
    assertThat(entry.hasCounters()).isFalse();
    assertThat(entry.id()).isEqualTo(77);
  }

  @Test
  void malformedMessagesAreRejectedWithTheReason() {
    NetlinkMessages messages = new NetlinkMessages();
    messages.reading(buffer);
    int noReply =
        message(2, () -> tuple(1, new int[] {10, 0, 0, 1}, new int[] {10, 0, 0, 2}, 6, 1, 2));
    assertThatThrownBy(() -> messages.parse(0, noReply))
        .isInstanceOf(NetlinkMessages.MalformedMessageException.class)
        .hasMessage("reply tuple has no addresses");
    int overrun =
        message(
            2,
            () -> {
              tuple(1, new int[] {10, 0, 0, 1}, new int[] {10, 0, 0, 2}, 6, 1, 2);
              tuple(2, new int[] {10, 0, 0, 2}, new int[] {10, 0, 0, 1}, 6, 2, 1);
            });
    buffer.putShort(20, (short) 400); // the first attribute claims more than the message has
    assertThatThrownBy(() -> messages.parse(0, overrun))
        .hasMessage("attribute length 400 overruns its message");
    int oneSided =
        message(
            2,
            () -> {
              tuple(1, new int[] {10, 0, 0, 1}, new int[] {10, 0, 0, 2}, 6, 1, 2);
              tuple(2, new int[] {10, 0, 0, 2}, new int[] {10, 0, 0, 1}, 6, 2, 1);
              counters(9, 1, 60);
            });
    assertThatThrownBy(() -> messages.parse(0, oneSided))
        .hasMessage("counters present in only one direction");
  }

  @Test
  void theDumpRequestIsAnIpctnlGetWithDumpFlags() {
    ByteBuffer request = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
    int length = NetlinkMessages.dumpRequest(request, 7, NetlinkMessages.AF_UNSPEC);
    assertThat(length).isEqualTo(20);
    assertThat(request.getInt(0)).isEqualTo(20);
    assertThat(request.getShort(4)).isEqualTo((short) 0x0101);
    assertThat(request.getShort(6)).isEqualTo((short) 0x0301);
    assertThat(request.getInt(8)).isEqualTo(7);
    assertThat(request.get(16)).isEqualTo((byte) 0);
  }
}
