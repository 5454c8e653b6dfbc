package dev.netcost.contract;

import java.util.regex.Pattern;

/** Argument checks with messages that carry the offending value. */
public final class Checks {
  // Kubernetes object names (DNS-1123 subdomain) are what cluster and node names are; the same
  // rule keeps them safe inside object keys.
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private Checks() {}

  public static void checkArgument(boolean condition, String format, Object... arguments) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(format, arguments));
    }
  }

  /** Checks a cluster or node name: lower-case DNS-1123 subdomain, as Kubernetes names are. */
  public static String checkName(String value, String what) {
    if (value == null) {
      throw new NullPointerException(what + " is null");
    }
    checkArgument(
        NAME.matcher(value).matches(),
        "Invalid %s name: '%s' (expected a lower-case DNS-1123 name such as ip-10-0-1-5.ec2.internal)",
        what,
        value);
    return value;
  }
}
