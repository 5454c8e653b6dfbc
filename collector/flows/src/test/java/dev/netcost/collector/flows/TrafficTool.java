package dev.netcost.collector.flows;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Traffic of known sizes, run inside a test's network namespace as a child JVM ({@code ip netns
 * exec NS java ... TrafficTool ...}). Only ever talks to the addresses it is given, which the tests
 * create inside their own namespaces.
 *
 * <pre>
 * serve tcp:PORT:REPLY_BYTES udp:PORT:REPLY_BYTES ...   servers; prints READY, runs until killed
 * "tcp HOST PORT BYTES CHUNKS PAUSE_MS" ...             one connection, paced sends, reads reply
 * "many HOST PORT COUNT BYTES"                          COUNT short connections
 * "udp HOST PORT BYTES COUNT"                           COUNT datagrams, each answered
 * "ping HOST COUNT"                                     ICMP echo (as root)
 * </pre>
 */
public final class TrafficTool {
  private TrafficTool() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve(args);
      return;
    }
    for (String op : args) {
      String[] p = op.split(" ");
      switch (p[0]) {
        case "tcp" -> tcp(p[1], i(p[2]), Long.parseLong(p[3]), i(p[4]), i(p[5]));
        case "many" -> {
          for (int n = 0; n < i(p[3]); n++) {
            tcp(p[1], i(p[2]), Long.parseLong(p[4]), 1, 0);
          }
        }
        case "udp" -> udp(p[1], i(p[2]), i(p[3]), i(p[4]));
        case "ping" -> {
          for (int n = 0; n < i(p[2]); n++) {
            if (!InetAddress.getByName(p[1]).isReachable(3000)) {
              throw new IllegalStateException("no echo reply from " + p[1]);
            }
          }
        }
        default -> throw new IllegalArgumentException("Unknown op: " + op);
      }
    }
    System.out.println("DONE");
  }

  private static int i(String s) {
    return Integer.parseInt(s);
  }

  private static void tcp(String host, int port, long bytes, int chunks, int pauseMillis)
      throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5000);
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[65536];
      long perChunk = bytes / chunks;
      long sent = 0;
      for (int c = 0; c < chunks; c++) {
        long chunk = c == chunks - 1 ? bytes - sent : perChunk;
        long left = chunk;
        while (left > 0) {
          int n = (int) Math.min(buffer.length, left);
          out.write(buffer, 0, n);
          left -= n;
        }
        out.flush();
        sent += chunk;
        if (pauseMillis > 0 && c < chunks - 1) {
          Thread.sleep(pauseMillis);
        }
      }
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      while (in.read(buffer) >= 0) {
        // drain the reply
      }
    }
  }

  private static void udp(String host, int port, int bytes, int count) throws Exception {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(3000);
      InetSocketAddress target = new InetSocketAddress(host, port);
      byte[] reply = new byte[65536];
      for (int n = 0; n < count; n++) {
        socket.send(new DatagramPacket(new byte[bytes], bytes, target));
        socket.receive(new DatagramPacket(reply, reply.length));
      }
    }
  }

  private static void serve(String[] args) throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int a = 1; a < args.length; a++) {
      String[] spec = args[a].split(":");
      int port = i(spec[1]);
      int reply = i(spec[2]);
      if (spec[0].equals("tcp")) {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(port), 512);
        threads.add(new Thread(() -> acceptLoop(server, reply)));
      } else {
        DatagramSocket socket = new DatagramSocket(port);
        threads.add(new Thread(() -> udpLoop(socket, reply)));
      }
    }
    threads.forEach(Thread::start);
    System.out.println("READY");
    System.out.flush();
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private static void acceptLoop(ServerSocket server, int reply) {
    while (true) {
      try {
        Socket socket = server.accept();
        Thread handler =
            new Thread(
                () -> {
                  try (socket) {
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[65536];
                    while (in.read(buffer) >= 0) {
                      // read until the client shuts down its side
                    }
                    socket.getOutputStream().write(new byte[reply]);
                    socket.getOutputStream().flush();
                  } catch (Exception e) {
                    System.err.println("connection failed: " + e);
                  }
                });
        handler.start();
      } catch (Exception e) {
        System.err.println("accept failed: " + e);
        return;
      }
    }
  }

  private static void udpLoop(DatagramSocket socket, int reply) {
    byte[] buffer = new byte[65536];
    while (true) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        socket.send(new DatagramPacket(new byte[reply], reply, packet.getSocketAddress()));
      } catch (Exception e) {
        System.err.println("udp failed: " + e);
        return;
      }
    }
  }
}
