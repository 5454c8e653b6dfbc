package dev.netcost.job.attribution;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Address → owners over time. Answers "who held this address during this window", which is how a
 * reused IP is never attributed to the wrong owner: each owner only gets the part of a window
 * during which it held the address.
 */
public final class OwnershipIndex implements Serializable {
  private static final Owner[] NONE = new Owner[0];
  private final Map<String, Owner[]> byAddress;

  private OwnershipIndex(Map<String, Owner[]> byAddress) {
    this.byAddress = byAddress;
  }

  /** Builds the index from owners keyed by {@link #key(String, String)}. */
  public static OwnershipIndex of(Map<String, List<Owner>> owners) {
    Map<String, Owner[]> byAddress = new HashMap<>(owners.size() * 2);
    owners.forEach(
        (address, list) -> {
          Owner[] sorted = list.toArray(NONE);
          java.util.Arrays.sort(
              sorted, Comparator.comparingLong(Owner::validFromMicros).thenComparing(Owner::uid));
          byAddress.put(requireNonNull(address, "address is null"), sorted);
        });
    return new OwnershipIndex(byAddress);
  }

  public int addressCount() {
    return byAddress.size();
  }

  /** The index key of an address in a cluster: addresses are only unique within a cluster. */
  public static String key(String cluster, String address) {
    return cluster + "/" + address;
  }

  /**
   * Owners of {@code address} in {@code cluster} whose interval overlaps {@code [fromMicros,
   * toMicros)}.
   */
  public List<Owner> owners(String cluster, String address, long fromMicros, long toMicros) {
    Owner[] all = byAddress.get(key(cluster, address));
    if (all == null) {
      return List.of();
    }
    List<Owner> found = new ArrayList<>(2);
    for (Owner owner : all) {
      if (owner.validFromMicros() >= toMicros) {
        break;
      }
      if (owner.validToMicros() > fromMicros) {
        found.add(owner);
      }
    }
    return found;
  }

  /** All owners an address of a cluster ever had in this index. */
  public List<Owner> allOwners(String cluster, String address) {
    Owner[] all = byAddress.get(key(cluster, address));
    return all == null ? List.of() : List.of(all);
  }
}
