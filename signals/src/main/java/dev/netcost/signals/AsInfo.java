package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

/** An autonomous system from an ASN database. */
public record AsInfo(long number, String organization) {
  public AsInfo {
    requireNonNull(organization, "organization is null");
    if (number < 0 || number > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("Invalid ASN: " + number);
    }
  }
}
