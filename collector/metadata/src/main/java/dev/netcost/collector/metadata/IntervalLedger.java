package dev.netcost.collector.metadata;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The IP ownership intervals of one cluster: those still open (the owner holds the address now) and
 * those closed but not yet published in a snapshot covering their end.
 *
 * <p>Owners declare, object by object, the addresses they hold ({@link #reconcile}); the ledger
 * opens and closes intervals so that the open set always equals the declared set. The operation is
 * idempotent, which is what makes relists and repeated watch events harmless: declaring the same
 * claims again changes nothing.
 *
 * <p>Exclusive kinds ({@link OwnerKind#POD}, {@link OwnerKind#SERVICE}): an address has at most one
 * such owner at any instant. When a new owner's interval begins at {@code t} while an older owner's
 * interval on the same address is still open (its deletion was observed late, or not yet) or was
 * closed after {@code t}, the older interval is cut at {@code t}: a reused address is never
 * attributed to the previous owner after the new one got it.
 *
 * <p>Not thread-safe: {@link ClusterModel} serialises access.
 */
final class IntervalLedger {
  private final String cluster;
  // owner uid -> its open claims, in declaration order
  private final Map<String, Map<ClaimKey, OpenInterval>> openByOwner = new HashMap<>();
  // exclusive kinds only: (kind, ip) -> owner uid holding it
  private final Map<ClaimKey, String> exclusiveHolder = new HashMap<>();
  // closed intervals not yet forgotten, by address, so a new owner finds its predecessors at once
  private final Map<ClaimKey, List<ClosedInterval>> closed = new HashMap<>();

  IntervalLedger(String cluster) {
    this.cluster = requireNonNull(cluster, "cluster is null");
  }

  /** One address claimed by an owner, as declared by the owner's current state. */
  record Claim(OwnerKind kind, String ip, Owner owner, Instant from) {
    Claim {
      requireNonNull(kind, "kind is null");
      requireNonNull(ip, "ip is null");
      requireNonNull(owner, "owner is null");
      requireNonNull(from, "from is null");
    }

    ClaimKey key() {
      return new ClaimKey(kind, ip);
    }
  }

  record ClaimKey(OwnerKind kind, String ip) {}

  private record OpenInterval(Owner owner, Instant from) {}

  private static final class ClosedInterval {
    final ClaimKey key;
    final Owner owner;
    final Instant from;
    Instant to;
    boolean published;

    ClosedInterval(ClaimKey key, Owner owner, Instant from, Instant to) {
      this.key = key;
      this.owner = owner;
      this.from = from;
      this.to = to;
    }
  }

  /**
   * Makes the open intervals of {@code ownerUid} equal to {@code claims}: intervals no longer
   * claimed, or claimed with a different {@link Owner}, end at {@code closeAt}; new claims open at
   * their {@code from}, or at {@code closeAt} when they replace an interval of the same address
   * whose attributes changed. An empty list closes everything the owner held.
   */
  void reconcile(String ownerUid, List<Claim> claims, Instant closeAt) {
    requireNonNull(ownerUid, "ownerUid is null");
    requireNonNull(closeAt, "closeAt is null");
    Map<ClaimKey, OpenInterval> open = openByOwner.getOrDefault(ownerUid, Map.of());
    Map<ClaimKey, Claim> wanted = new LinkedHashMap<>();
    for (Claim claim : claims) {
      if (!claim.owner().uid().equals(ownerUid)) {
        throw new IllegalArgumentException(
            "Claim of owner " + claim.owner().uid() + " reconciled as " + ownerUid);
      }
      wanted.putIfAbsent(claim.key(), claim);
    }
    Set<ClaimKey> changed = new HashSet<>();
    for (Map.Entry<ClaimKey, OpenInterval> entry : List.copyOf(open.entrySet())) {
      Claim claim = wanted.get(entry.getKey());
      if (claim == null || !claim.owner().equals(entry.getValue().owner())) {
        close(ownerUid, entry.getKey(), closeAt, true);
        if (claim != null) {
          changed.add(entry.getKey());
        }
      }
    }
    for (Claim claim : wanted.values()) {
      Map<ClaimKey, OpenInterval> current = openByOwner.getOrDefault(ownerUid, Map.of());
      if (current.containsKey(claim.key())) {
        continue;
      }
      Instant from = changed.contains(claim.key()) ? closeAt : claim.from();
      open(ownerUid, claim.key(), claim.owner(), from);
    }
  }

  /** Closes every interval of {@code ownerUid} at {@code at}. */
  void closeOwner(String ownerUid, Instant at) {
    reconcile(ownerUid, List.of(), at);
  }

  int openCount() {
    int count = 0;
    for (Map<ClaimKey, OpenInterval> claims : openByOwner.values()) {
      count += claims.size();
    }
    return count;
  }

  int closedCount() {
    int count = 0;
    for (List<ClosedInterval> intervals : closed.values()) {
      count += intervals.size();
    }
    return count;
  }

  private void open(String ownerUid, ClaimKey key, Owner owner, Instant from) {
    if (isExclusive(key.kind())) {
      String holder = exclusiveHolder.get(key);
      if (holder != null && !holder.equals(ownerUid)) {
        // the previous owner's end was not observed yet: it cannot have held the address after
        // the new owner got it
        close(holder, key, from, false);
      }
      List<ClosedInterval> previous = closed.getOrDefault(key, new ArrayList<>(0));
      for (ClosedInterval interval : previous) {
        if (!interval.owner.uid().equals(ownerUid) && interval.to.isAfter(from)) {
          // closed late (relist, delayed delete): cut at the new owner's start
          if (interval.from.isBefore(from)) {
            interval.to = from;
          } else {
            interval.to = interval.from; // emptied: dropped below
          }
          interval.published = false;
        }
      }
      previous.removeIf(interval -> !interval.from.isBefore(interval.to));
      if (previous.isEmpty()) {
        closed.remove(key);
      }
      exclusiveHolder.put(key, ownerUid);
    }
    openByOwner
        .computeIfAbsent(ownerUid, uid -> new LinkedHashMap<>())
        .put(key, new OpenInterval(owner, from));
  }

  private void close(String ownerUid, ClaimKey key, Instant at, boolean keepEmpty) {
    Map<ClaimKey, OpenInterval> claims = openByOwner.get(ownerUid);
    OpenInterval interval = claims.remove(key);
    if (claims.isEmpty()) {
      openByOwner.remove(ownerUid);
    }
    if (isExclusive(key.kind())) {
      exclusiveHolder.remove(key, ownerUid);
    }
    // an owner that held the address for less than a second leaves an interval that the contract
    // cannot carry ([from, to) must be non-empty at second resolution); extend it to one second
    // rather than lose it, unless the address was handed to another owner at that very second
    if (at.isAfter(interval.from())) {
      addClosed(new ClosedInterval(key, interval.owner(), interval.from(), at));
    } else if (keepEmpty) {
      addClosed(
          new ClosedInterval(
              key, interval.owner(), interval.from(), interval.from().plusSeconds(1)));
    }
  }

  private void addClosed(ClosedInterval interval) {
    closed.computeIfAbsent(interval.key, k -> new ArrayList<>(2)).add(interval);
  }

  private static boolean isExclusive(OwnerKind kind) {
    return switch (kind) {
      case POD, SERVICE -> true;
      case HOST_POD, NODE, LOAD_BALANCER -> false;
    };
  }

  /** Who held {@code ip} at {@code instant} among intervals still in the ledger, for tests. */
  List<OwnershipInterval> intervals(String ip) {
    List<OwnershipInterval> result = new ArrayList<>();
    for (OwnershipInterval interval : all()) {
      if (interval.ip().equals(ip)) {
        result.add(interval);
      }
    }
    return result;
  }

  /**
   * Rows of the snapshot of {@code [hourStart, hourEnd)}: every interval overlapping the hour (open
   * ones without an end), plus closed intervals not yet published in any snapshot, whatever hour
   * they lie in (an end observed after its hour's snapshot was written). Sorted by address, kind,
   * start and owner, so equal ledgers give byte-identical snapshots.
   */
  List<OwnershipInterval> snapshot(Instant hourStart, Instant hourEnd) {
    List<OwnershipInterval> rows = new ArrayList<>();
    for (Map<ClaimKey, OpenInterval> claims : openByOwner.values()) {
      for (Map.Entry<ClaimKey, OpenInterval> entry : claims.entrySet()) {
        if (entry.getValue().from().isBefore(hourEnd)) {
          rows.add(row(entry.getKey(), entry.getValue().owner(), entry.getValue().from(), null));
        }
      }
    }
    for (ClosedInterval interval : closedIntervals()) {
      boolean overlaps = interval.from.isBefore(hourEnd) && interval.to.isAfter(hourStart);
      if (overlaps || !interval.published) {
        rows.add(row(interval.key, interval.owner, interval.from, interval.to));
      }
    }
    rows.sort(ORDER);
    return rows;
  }

  /**
   * Marks every closed interval as published after the snapshot of an hour ending at {@code
   * hourEnd} was handed to the sink, and forgets those that end at or before it: their final form
   * is in that snapshot.
   */
  void published(Instant hourEnd) {
    Iterator<List<ClosedInterval>> lists = closed.values().iterator();
    while (lists.hasNext()) {
      List<ClosedInterval> intervals = lists.next();
      Iterator<ClosedInterval> it = intervals.iterator();
      while (it.hasNext()) {
        ClosedInterval interval = it.next();
        interval.published = true;
        if (!interval.to.isAfter(hourEnd)) {
          it.remove();
        }
      }
      if (intervals.isEmpty()) {
        lists.remove();
      }
    }
  }

  private List<ClosedInterval> closedIntervals() {
    List<ClosedInterval> all = new ArrayList<>();
    closed.values().forEach(all::addAll);
    return all;
  }

  private List<OwnershipInterval> all() {
    List<OwnershipInterval> rows = new ArrayList<>();
    for (Map<ClaimKey, OpenInterval> claims : openByOwner.values()) {
      for (Map.Entry<ClaimKey, OpenInterval> entry : claims.entrySet()) {
        rows.add(row(entry.getKey(), entry.getValue().owner(), entry.getValue().from(), null));
      }
    }
    for (ClosedInterval interval : closedIntervals()) {
      rows.add(row(interval.key, interval.owner, interval.from, interval.to));
    }
    rows.sort(ORDER);
    return rows;
  }

  private OwnershipInterval row(ClaimKey key, Owner owner, Instant from, Instant to) {
    return new OwnershipInterval(
        cluster,
        key.ip(),
        key.kind(),
        owner.uid(),
        owner.namespace(),
        owner.pod(),
        owner.workloadKind(),
        owner.workload(),
        owner.team(),
        owner.labelsJson(),
        owner.node(),
        owner.zone(),
        owner.region(),
        owner.cloudInstanceId(),
        owner.listenPorts(),
        from,
        Optional.ofNullable(to));
  }

  static final Comparator<OwnershipInterval> ORDER =
      Comparator.comparing(OwnershipInterval::ip)
          .thenComparing(OwnershipInterval::kind)
          .thenComparing(OwnershipInterval::validFrom)
          .thenComparing(OwnershipInterval::ownerUid)
          .thenComparing(interval -> interval.validTo().orElse(Instant.MAX));
}
