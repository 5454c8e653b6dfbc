package dev.netcost.job.nightly;

import dev.netcost.contract.OwnerKind;
import dev.netcost.job.attribution.Owner;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two owners holding one address at the same time, where the contract allows no sharing: anything
 * but a node and its hostNetwork pods (which share the node's address by design, §4.2). Such an
 * overlap means the metadata is wrong somewhere; attribution still splits the span's traffic by
 * time between the owners, and every conflict is listed in the date's quarantine ({@code
 * kind=conflict}) and counted in run_log's {@code ownership_conflicts} — flagged, not split
 * silently.
 */
final class OwnershipConflicts {
  private OwnershipConflicts() {}

  /**
   * One line per conflicting pair, sorted; {@code owners} is keyed by OwnershipIndex.key:
   * cluster/ip.
   */
  static List<String> find(Map<String, List<Owner>> owners) {
    List<String> conflicts = new ArrayList<>();
    for (Map.Entry<String, List<Owner>> entry : new TreeMap<>(owners).entrySet()) {
      List<Owner> list = new ArrayList<>(entry.getValue());
      list.sort(Comparator.comparingLong(Owner::validFromMicros).thenComparing(Owner::uid));
      for (int i = 0; i < list.size(); i++) {
        for (int j = i + 1; j < list.size(); j++) {
          Owner a = list.get(i);
          Owner b = list.get(j);
          if (b.validFromMicros() >= a.validToMicros()) {
            break; // sorted by start: no later interval overlaps a either... for this b onwards
          }
          if (a.uid().equals(b.uid()) || shares(a.kind(), b.kind())) {
            continue;
          }
          long from = Math.max(a.validFromMicros(), b.validFromMicros());
          long to = Math.min(a.validToMicros(), b.validToMicros());
          String address = entry.getKey().substring(entry.getKey().indexOf('/') + 1);
          conflicts.add(
              "ownership conflict: "
                  + address
                  + " of cluster "
                  + entry.getKey().substring(0, entry.getKey().indexOf('/'))
                  + " held by "
                  + describe(a)
                  + " and "
                  + describe(b)
                  + " at once from "
                  + instant(from)
                  + (to == Long.MAX_VALUE ? " on" : " to " + instant(to))
                  + "; its traffic in that span is split between them by time");
        }
      }
    }
    return conflicts;
  }

  private static boolean shares(OwnerKind a, OwnerKind b) {
    boolean nodeOrHost =
        (a == OwnerKind.NODE || a == OwnerKind.HOST_POD)
            && (b == OwnerKind.NODE || b == OwnerKind.HOST_POD);
    return nodeOrHost && !(a == OwnerKind.NODE && b == OwnerKind.NODE);
  }

  private static String describe(Owner owner) {
    String name =
        owner.namespace() == null
            ? owner.workload()
            : owner.namespace() + "/" + (owner.pod() != null ? owner.pod() : owner.workload());
    return owner.kind().wireName() + " " + name + " (uid " + owner.uid() + ")";
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
