package dev.netcost.collector.flows;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A raw {@code AF_NETLINK}/{@code NETLINK_NETFILTER} socket through JNA direct mapping of the C
 * library's {@code socket}, {@code bind}, {@code setsockopt}, {@code send}, {@code recv} and {@code
 * close}. Each socket owns one direct receive buffer that every {@link #receive()} overwrites, so
 * reading allocates nothing. Optionally the socket is created in another network namespace (a file
 * such as {@code /run/netns/NAME}): a short-lived thread enters it with {@code setns(2)} and
 * creates the socket there; a socket stays in the namespace it was created in. Not thread-safe.
 */
final class NetlinkSocket implements AutoCloseable {
  private static final int AF_NETLINK = 16;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_NETFILTER = 12;
  private static final int SOL_SOCKET = 1;
  private static final int SO_RCVBUF = 8;
  private static final int SO_RCVBUFFORCE = 33;
  private static final int SO_RCVTIMEO = 20;
  private static final int SOL_NETLINK = 270;
  private static final int NETLINK_ADD_MEMBERSHIP = 1;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final int CLONE_NEWNET = 0x40000000;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int ENOBUFS = 105;

  /** The C library, bound once (direct mapping: no proxies, no per-call allocation). */
  private static final class C {
    static {
      Native.register(Platform.C_LIBRARY_NAME);
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] address, int length) throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, byte[] value, int length)
        throws LastErrorException;

    static native long send(int fd, Pointer buffer, long length, int flags)
        throws LastErrorException;

    static native long recv(int fd, Pointer buffer, long length, int flags)
        throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int open(String path, int flags) throws LastErrorException;

    static native int setns(int fd, int type) throws LastErrorException;
  }

  private final int fd;
  private final ByteBuffer buffer;
  private final Pointer address;
  private final ByteBuffer request;
  private final Pointer requestAddress;
  private boolean closed;

  private NetlinkSocket(int fd, int bufferBytes) {
    this.fd = fd;
    this.buffer = ByteBuffer.allocateDirect(bufferBytes).order(ByteOrder.nativeOrder());
    this.address = Native.getDirectBufferPointer(buffer);
    this.request = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
    this.requestAddress = Native.getDirectBufferPointer(request);
  }

  /**
   * Opens and binds a socket.
   *
   * @param namespace a network namespace file, or null for this process's namespace
   * @param bufferBytes size of the receive buffer in this process (one {@code recv} at most)
   * @param timeoutSeconds receive timeout ({@code SO_RCVTIMEO}), 0 for none
   */
  static NetlinkSocket open(Path namespace, int bufferBytes, int timeoutSeconds)
      throws IOException {
    int fd = namespace == null ? newSocket() : socketIn(namespace);
    NetlinkSocket socket = new NetlinkSocket(fd, bufferBytes);
    try {
      byte[] sockaddr = new byte[12]; // sockaddr_nl: family, pad, pid 0 (kernel assigns), groups 0
      sockaddr[0] = (byte) AF_NETLINK;
      call("bind", () -> C.bind(fd, sockaddr, sockaddr.length));
      if (timeoutSeconds > 0) {
        ByteBuffer timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        timeval.putLong(0, timeoutSeconds).putLong(8, 0);
        byte[] value = timeval.array();
        call("setsockopt(SO_RCVTIMEO)", () -> C.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, value, 16));
      }
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  private static int newSocket() throws IOException {
    return call(
        "socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER)",
        () -> C.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER));
  }

  /** Creates the socket on a thread that entered {@code namespace}; the thread then ends. */
  private static int socketIn(Path namespace) throws IOException {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                int ns =
                    call(
                        "open " + namespace,
                        () -> C.open(namespace.toString(), O_RDONLY | O_CLOEXEC));
                try {
                  call("setns " + namespace, () -> C.setns(ns, CLONE_NEWNET));
                } finally {
                  C.close(ns);
                }
                result.set(newSocket());
              } catch (IOException | RuntimeException | LinkageError e) {
                result.set(e);
              }
            },
            "netlink-netns");
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while opening a netlink socket in " + namespace, e);
    }
    Object value = result.get();
    if (value instanceof Integer fd) {
      return fd;
    }
    if (value instanceof IOException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (value instanceof LinkageError e) {
      throw e;
    }
    throw (RuntimeException) value;
  }

  /** Sets the kernel's receive buffer: {@code SO_RCVBUFFORCE} (root), else {@code SO_RCVBUF}. */
  void receiveBuffer(int bytes) throws IOException {
    byte[] value = intValue(bytes);
    try {
      call(
          "setsockopt(SO_RCVBUFFORCE)",
          () -> C.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, value, 4));
    } catch (IOException e) {
      call("setsockopt(SO_RCVBUF)", () -> C.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, value, 4));
    }
  }

  /** Joins a multicast group ({@code NETLINK_ADD_MEMBERSHIP}). */
  void join(int group) throws IOException {
    byte[] value = intValue(group);
    call(
        "setsockopt(NETLINK_ADD_MEMBERSHIP " + group + ")",
        () -> C.setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, value, 4));
  }

  /** The request buffer (native order); fill it from 0 and {@link #send(int) send} it. */
  ByteBuffer request() {
    return request;
  }

  void send(int length) throws IOException {
    long sent = call("send", () -> C.send(fd, requestAddress, length, 0));
    if (sent != length) {
      throw new IOException("netlink send wrote " + sent + " of " + length + " bytes");
    }
  }

  /** The receive buffer (native order); {@link #receive()} fills it from 0. */
  ByteBuffer buffer() {
    return buffer;
  }

  /**
   * Receives one datagram into {@link #buffer()} and returns its length; retries on {@code EINTR}.
   *
   * @throws NetlinkException with the errno ({@code ENOBUFS}: the kernel dropped messages; {@code
   *     EAGAIN}: the receive timeout passed)
   */
  int receive() throws NetlinkException {
    while (true) {
      try {
        long n = C.recv(fd, address, buffer.capacity(), 0);
        return (int) n;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EINTR) {
          throw new NetlinkException("recv", e.getErrorCode());
        }
      }
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        C.close(fd);
      } catch (LastErrorException e) {
        // nothing to do: the descriptor is released either way
      }
    }
  }

  private static byte[] intValue(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value).array();
  }

  private interface NativeCall {
    long call();
  }

  private static int call(String what, NativeCall call) throws IOException {
    return (int) callLong(what, call);
  }

  private static long callLong(String what, NativeCall call) throws IOException {
    try {
      long result = call.call();
      if (result < 0) {
        throw new NetlinkException(what, 0);
      }
      return result;
    } catch (LastErrorException e) {
      throw new NetlinkException(what, e.getErrorCode());
    }
  }

  /** A failed system call with its errno. */
  static final class NetlinkException extends IOException {
    private final int errno;

    NetlinkException(String what, int errno) {
      super(what + " failed: " + describe(errno));
      this.errno = errno;
    }

    int errno() {
      return errno;
    }

    static String describe(int errno) {
      String name =
          switch (errno) {
            case 1 -> "EPERM (operation not permitted: needs CAP_NET_ADMIN)";
            case 2 -> "ENOENT (no such file or entry)";
            case 4 -> "EINTR";
            case 11 -> "EAGAIN (timed out)";
            case 13 -> "EACCES (permission denied)";
            case 22 -> "EINVAL (invalid argument)";
            case 93 -> "EPROTONOSUPPORT (netlink family not supported)";
            case 97 -> "EAFNOSUPPORT (address family not supported)";
            case 105 -> "ENOBUFS (receive buffer overrun: messages lost)";
            default -> "errno " + errno;
          };
      return errno == 0 ? "negative result" : name;
    }
  }
}
