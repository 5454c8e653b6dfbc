package dev.netcost.collector.flows;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.ErrorKind;
import dev.netcost.contract.NetcostException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Makes sure the kernel counts bytes per connection ({@code net.netfilter.nf_conntrack_acct}).
 * Without it conntrack entries carry no counters and there is nothing to measure. When it is off
 * and {@code enable} is set, it is switched on and that is logged; connections created before that
 * moment stay without counters. When it cannot be switched on, starting fails with what to do.
 */
final class ConntrackAccounting {
  static final Path ACCT = Path.of("/proc/sys/net/netfilter/nf_conntrack_acct");
  private static final Logger LOG = System.getLogger(ConntrackAccounting.class.getName());

  private ConntrackAccounting() {}

  /** Returns true when accounting was off and has been switched on by this call. */
  static boolean ensureEnabled(HostCommands host, boolean enable) {
    requireNonNull(host, "host is null");
    String value;
    try {
      value = host.read(ACCT).strip();
    } catch (NoSuchFileException e) {
      throw new NetcostException(
          ErrorKind.EXTERNAL,
          "Connection tracking is not available: "
              + ACCT
              + " does not exist (load the nf_conntrack kernel module, e.g. `modprobe nf_conntrack`)",
          e);
    } catch (IOException e) {
      throw new NetcostException(
          ErrorKind.EXTERNAL, "Cannot read " + ACCT + ": " + e.getMessage(), e);
    }
    if (value.equals("1")) {
      return false;
    }
    if (!value.equals("0")) {
      throw new NetcostException(
          ErrorKind.EXTERNAL, "Unexpected value of " + ACCT + ": '" + value + "'", null);
    }
    String remedy =
        "run `sysctl -w net.netfilter.nf_conntrack_acct=1` on the node (as root), or run the agent"
            + " with CAP_NET_ADMIN and a writable /proc/sys/net/netfilter and without"
            + " --no-enable-accounting";
    if (!enable) {
      throw new NetcostException(
          ErrorKind.EXTERNAL,
          "net.netfilter.nf_conntrack_acct is 0, so conntrack has no byte counters: " + remedy,
          null);
    }
    try {
      host.write(ACCT, "1");
      value = host.read(ACCT).strip();
    } catch (IOException e) {
      throw new NetcostException(
          ErrorKind.EXTERNAL,
          "net.netfilter.nf_conntrack_acct is 0 and cannot be set to 1 ("
              + e.getMessage()
              + "): "
              + remedy,
          e);
    }
    if (!value.equals("1")) {
      throw new NetcostException(
          ErrorKind.EXTERNAL,
          "net.netfilter.nf_conntrack_acct is still '" + value + "' after setting it: " + remedy,
          null);
    }
    LOG.log(
        Level.WARNING,
        "net.netfilter.nf_conntrack_acct was 0; set it to 1. Connections opened before now carry"
            + " no byte counters and are not measured.");
    return true;
  }
}
