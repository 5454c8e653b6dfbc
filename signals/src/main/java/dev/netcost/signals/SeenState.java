package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each workload has been seen doing: the days it had traffic at all, and the destination
 * prefixes, networks, ASNs, countries and ports it reached, each with when it was first seen, the
 * last day and the number of days. This is the egress_destinations_seen table, one snapshot per
 * date.
 */
public final class SeenState {
  /** What a state row is about. */
  public enum KeyKind {
    WORKLOAD("workload"),
    PREFIX("prefix"),
    NETWORK("network"),
    ASN("asn"),
    COUNTRY("country"),
    PORT("port");

    private final String wireName;

    KeyKind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static KeyKind fromWireName(String value) {
      for (KeyKind kind : values()) {
        if (kind.wireName.equals(value)) {
          return kind;
        }
      }
      throw new IllegalArgumentException(
          "Invalid key_kind: "
              + value
              + " (expected workload, prefix, network, asn, country or port)");
    }
  }

  /** {@code value} is empty for {@link KeyKind#WORKLOAD}. */
  public record Key(WorkloadId workload, KeyKind kind, String value) implements Comparable<Key> {
    private static final Comparator<Key> ORDER =
        Comparator.comparing(Key::workload).thenComparing(Key::kind).thenComparing(Key::value);

    public Key {
      requireNonNull(workload, "workload is null");
      requireNonNull(kind, "kind is null");
      requireNonNull(value, "value is null");
    }

    @Override
    public int compareTo(Key other) {
      return ORDER.compare(this, other);
    }
  }

  public record Entry(Instant firstSeen, LocalDate lastSeenDate, int daysSeen) {
    public Entry {
      requireNonNull(firstSeen, "firstSeen is null");
      requireNonNull(lastSeenDate, "lastSeenDate is null");
      if (daysSeen < 1) {
        throw new IllegalArgumentException("daysSeen must be >= 1: " + daysSeen);
      }
    }
  }

  private final TreeMap<Key, Entry> entries;

  private SeenState(TreeMap<Key, Entry> entries) {
    this.entries = entries;
  }

  public static SeenState empty() {
    return new SeenState(new TreeMap<>());
  }

  public static SeenState of(Map<Key, Entry> entries) {
    return new SeenState(new TreeMap<>(entries));
  }

  public SeenState copy() {
    return new SeenState(new TreeMap<>(entries));
  }

  public Optional<Entry> entry(Key key) {
    return Optional.ofNullable(entries.get(key));
  }

  public boolean contains(WorkloadId workload, KeyKind kind, String value) {
    return entries.containsKey(new Key(workload, kind, value));
  }

  /** Days with traffic before the state's last day, 0 for an unknown workload. */
  public int workloadDays(WorkloadId workload) {
    Entry entry = entries.get(new Key(workload, KeyKind.WORKLOAD, ""));
    return entry == null ? 0 : entry.daysSeen();
  }

  /**
   * Records that {@code key} was seen on {@code date}, first at {@code seenAt}. Observing the same
   * date twice counts one day; days must be observed in order.
   */
  public void observe(LocalDate date, Key key, Instant seenAt) {
    Entry entry = entries.get(key);
    if (entry == null) {
      entries.put(key, new Entry(seenAt, date, 1));
    } else if (date.isAfter(entry.lastSeenDate())) {
      entries.put(key, new Entry(entry.firstSeen(), date, entry.daysSeen() + 1));
    } else if (date.equals(entry.lastSeenDate()) && seenAt.isBefore(entry.firstSeen())) {
      entries.put(key, new Entry(seenAt, date, entry.daysSeen()));
    }
  }

  /** The rows in key order. */
  public Map<Key, Entry> entries() {
    return java.util.Collections.unmodifiableMap(entries);
  }

  public int size() {
    return entries.size();
  }
}
