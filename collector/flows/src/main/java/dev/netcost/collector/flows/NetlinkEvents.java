package dev.netcost.collector.flows;

import static dev.netcost.collector.flows.NetlinkMessages.IPCTNL_MSG_CT_DELETE;
import static dev.netcost.collector.flows.NetlinkMessages.NFNL_SUBSYS_CTNETLINK;
import static dev.netcost.collector.flows.NetlinkMessages.NLMSG_HEADER;
import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.Metrics;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * DESTROY events over ctnetlink: a socket subscribed to {@code NFNLGRP_CONNTRACK_DESTROY} with a
 * kernel receive buffer of {@code bufferBytes} ({@code SO_RCVBUFFORCE}, else {@code SO_RCVBUF}).
 * When the kernel drops events because that buffer is full, {@code recv} fails with {@code
 * ENOBUFS}: the loss is reported to the listener (the collector then resynchronises with a full
 * dump) and reading continues on the same socket. Any other socket failure is reported as a loss
 * too, and the subscription is re-opened after a second.
 */
final class NetlinkEvents implements EventStream {
  private static final Logger LOG = System.getLogger(NetlinkEvents.class.getName());

  private final Path namespace;
  private final int bufferBytes;
  private final Listener listener;
  private final NetlinkMessages messages = new NetlinkMessages();
  private final Metrics.Counter malformed;
  private final Thread reader;
  private final CountDownLatch firstSubscription = new CountDownLatch(1);
  private volatile IOException startFailure;
  private volatile boolean closed;
  private volatile boolean alive;

  NetlinkEvents(Path namespace, long bufferBytes, Listener listener, Metrics metrics) {
    this.namespace = namespace;
    this.bufferBytes = (int) Math.min(Integer.MAX_VALUE, bufferBytes);
    this.listener = requireNonNull(listener, "listener is null");
    this.malformed =
        metrics.counter(
            "netcost_conntrack_malformed_lines_total",
            "Conntrack lines that could not be parsed and were skipped");
    this.reader = new Thread(this::run, "conntrack-events");
    this.reader.setDaemon(true);
  }

  @Override
  public void start() throws IOException {
    reader.start();
    try {
      if (!firstSubscription.await(30, TimeUnit.SECONDS)) {
        throw new IOException("conntrack DESTROY subscription did not start within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while subscribing to conntrack DESTROY events", e);
    }
    if (startFailure != null) {
      throw startFailure;
    }
  }

  private NetlinkSocket subscribe() throws IOException {
    // a 1 s receive timeout lets the reader notice close()
    NetlinkSocket socket = NetlinkSocket.open(namespace, NetlinkConntrackSource.BUFFER_BYTES, 1);
    try {
      socket.receiveBuffer(bufferBytes);
      socket.join(NetlinkMessages.NFNLGRP_CONNTRACK_DESTROY);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  private void run() {
    boolean first = true;
    while (!closed) {
      NetlinkSocket socket;
      try {
        socket = subscribe();
      } catch (IOException e) {
        if (first) {
          startFailure =
              new IOException("Cannot subscribe to conntrack DESTROY events: " + e.getMessage(), e);
          firstSubscription.countDown();
          return;
        }
        LOG.log(
            Level.ERROR, "Cannot re-subscribe to conntrack DESTROY events: {0}", e.getMessage());
        if (!pause()) {
          return;
        }
        continue;
      }
      alive = true;
      if (first) {
        first = false;
        firstSubscription.countDown();
      } else {
        listener.lost("event socket re-opened");
      }
      try (socket) {
        read(socket);
      } catch (IOException e) {
        if (!closed) {
          LOG.log(Level.ERROR, "conntrack event socket failed: {0}; re-opening it", e.getMessage());
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        alive = false;
      }
      if (!closed) {
        listener.lost("event socket failed");
        if (!pause()) {
          return;
        }
      }
    }
  }

  private boolean pause() {
    try {
      Thread.sleep(1000);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private void read(NetlinkSocket socket) throws IOException, InterruptedException {
    ByteBuffer buffer = socket.buffer();
    messages.reading(buffer);
    while (!closed) {
      int received;
      try {
        received = socket.receive();
      } catch (NetlinkSocket.NetlinkException e) {
        if (e.errno() == NetlinkSocket.EAGAIN) {
          continue; // the receive timeout: check closed
        }
        if (e.errno() == NetlinkSocket.ENOBUFS) {
          LOG.log(Level.WARNING, "conntrack events lost (ENOBUFS); resynchronising by a full dump");
          listener.lost("ENOBUFS");
          continue;
        }
        throw e;
      }
      for (int offset = 0; offset + NLMSG_HEADER <= received; ) {
        int length = buffer.getInt(offset);
        if (length < NLMSG_HEADER || offset + length > received) {
          throw new IOException(
              "netlink event of " + length + " bytes in a datagram of " + received);
        }
        int type = buffer.getShort(offset + 4) & 0xffff;
        if (type == (NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_DELETE)) {
          try {
            messages.parse(offset, length);
            listener.destroyed(messages.entry());
          } catch (NetlinkMessages.MalformedMessageException e) {
            malformed.increment();
            LOG.log(
                Level.WARNING, "Skipped a malformed conntrack DESTROY event: {0}", e.getMessage());
          }
        }
        offset += (length + 3) & ~3;
      }
    }
  }

  @Override
  public boolean alive() {
    return alive;
  }

  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    try {
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
