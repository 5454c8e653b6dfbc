package dev.netcost.collector.flows;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs host commands and reads or writes {@code /proc} files, optionally through a command prefix
 * such as {@code ip netns exec NAME}: the prefix puts the conntrack tools and the sysctl files of
 * another network namespace in reach (tests and the benchmark use it; a DaemonSet with host
 * networking needs none).
 */
final class HostCommands {
  static final int SMALL_FILE_BYTES = 4096;

  private final List<String> prefix;

  HostCommands(List<String> prefix) {
    this.prefix = List.copyOf(requireNonNull(prefix, "prefix is null"));
  }

  List<String> command(List<String> arguments) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(arguments);
    return command;
  }

  List<String> prefix() {
    return prefix;
  }

  /**
   * The network namespace the prefix enters, as a file for {@code setns(2)}: {@code
   * /run/netns/NAME} for the prefix {@code ip netns exec NAME}; null for no prefix (this process's
   * namespace). The netlink source opens its sockets there.
   *
   * @throws IllegalArgumentException for another prefix (the netlink source cannot follow it)
   */
  Path networkNamespace() {
    if (prefix.isEmpty()) {
      return null;
    }
    if (prefix.size() == 4
        && prefix.get(0).equals("ip")
        && prefix.get(1).equals("netns")
        && prefix.get(2).equals("exec")) {
      return Path.of("/run/netns", prefix.get(3));
    }
    throw new IllegalArgumentException(
        "The netlink source can follow only the command prefix 'ip netns exec NAME', not '"
            + String.join(" ", prefix)
            + "'");
  }

  /**
   * Reads a small file such as a sysctl under {@code /proc/sys}. Not with {@link Files#readString}:
   * a sysctl file reports size 0, for which the JDK reads one byte and then reads on from offset 1,
   * where the kernel's integer sysctls answer end of file (they only answer reads from offset 0),
   * so {@code nf_conntrack_count} = 262144 read as "2". The first read here asks for {@value
   * #SMALL_FILE_BYTES} bytes, more than any sysctl value, and gets the whole text.
   *
   * @throws IOException also when the file holds {@value #SMALL_FILE_BYTES} bytes or more
   */
  String read(Path path) throws IOException {
    if (prefix.isEmpty()) {
      byte[] buffer = new byte[SMALL_FILE_BYTES];
      int length = 0;
      try (InputStream in = Files.newInputStream(path)) {
        for (int read; length < buffer.length; length += read) {
          read = in.read(buffer, length, buffer.length - length);
          if (read < 0) {
            break;
          }
        }
      }
      if (length == buffer.length) {
        throw new IOException(path + " is not a small file (" + length + " bytes or more)");
      }
      return new String(buffer, 0, length, UTF_8);
    }
    return run(List.of("cat", path.toString()));
  }

  /** Writes a small file such as a sysctl under {@code /proc/sys}. */
  void write(Path path, String value) throws IOException {
    if (prefix.isEmpty()) {
      Files.writeString(path, value, UTF_8);
      return;
    }
    run(List.of("sh", "-c", "echo " + value + " > " + path));
  }

  /** Runs a short command and returns its standard output; fails with its error output. */
  String run(List<String> arguments) throws IOException {
    Process process = new ProcessBuilder(command(arguments)).redirectErrorStream(false).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), UTF_8);
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("Timed out: " + String.join(" ", command(arguments)));
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted: " + String.join(" ", command(arguments)), e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command(arguments))
              + " failed with exit code "
              + process.exitValue()
              + ": "
              + err.strip());
    }
    return out;
  }
}
