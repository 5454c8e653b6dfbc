package dev.netcost.contract;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;

/**
 * Longest-prefix match over IPv4 and IPv6 prefixes, built once and queried per flow row.
 *
 * <p>CIDR prefixes either nest or are disjoint, so the build flattens them into sorted,
 * non-overlapping address ranges, each carrying the value of the most specific prefix that covers
 * it. A lookup is one binary search over primitive {@code long} arrays (IPv6 as two longs) and
 * allocates nothing beyond the parsed address: O(log n) for n prefixes.
 */
public final class PrefixMap<V> {
  private static final BigInteger MASK_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final long[] v4Start;
  private final long[] v4End;
  private final List<V> v4Values;
  private final long[] v6StartHigh;
  private final long[] v6StartLow;
  private final long[] v6EndHigh;
  private final long[] v6EndLow;
  private final List<V> v6Values;
  private final int prefixes;

  private PrefixMap(List<Segment<V>> v4, List<Segment<V>> v6, int prefixes) {
    v4Start = new long[v4.size()];
    v4End = new long[v4.size()];
    v4Values = new ArrayList<>(v4.size());
    for (int i = 0; i < v4.size(); i++) {
      v4Start[i] = v4.get(i).start.longValueExact();
      v4End[i] = v4.get(i).end.longValueExact();
      v4Values.add(v4.get(i).value);
    }
    v6StartHigh = new long[v6.size()];
    v6StartLow = new long[v6.size()];
    v6EndHigh = new long[v6.size()];
    v6EndLow = new long[v6.size()];
    v6Values = new ArrayList<>(v6.size());
    for (int i = 0; i < v6.size(); i++) {
      v6StartHigh[i] = v6.get(i).start.shiftRight(64).longValue();
      v6StartLow[i] = v6.get(i).start.and(MASK_64).longValue();
      v6EndHigh[i] = v6.get(i).end.shiftRight(64).longValue();
      v6EndLow[i] = v6.get(i).end.and(MASK_64).longValue();
      v6Values.add(v6.get(i).value);
    }
    this.prefixes = prefixes;
  }

  public static <V> Builder<V> builder(BinaryOperator<V> mergeSamePrefix) {
    return new Builder<>(mergeSamePrefix);
  }

  /** Number of distinct prefixes put into the map. */
  public int size() {
    return prefixes;
  }

  /** The value of the most specific prefix containing {@code address} (4 or 16 bytes). */
  public Optional<V> lookup(byte[] address) {
    if (address.length == 4) {
      long value =
          ((address[0] & 0xffL) << 24)
              | ((address[1] & 0xffL) << 16)
              | ((address[2] & 0xffL) << 8)
              | (address[3] & 0xffL);
      int low = 0;
      int high = v4Start.length - 1;
      int found = -1;
      while (low <= high) {
        int mid = (low + high) >>> 1;
        if (v4Start[mid] <= value) {
          found = mid;
          low = mid + 1;
        } else {
          high = mid - 1;
        }
      }
      return found >= 0 && value <= v4End[found]
          ? Optional.of(v4Values.get(found))
          : Optional.empty();
    }
    if (address.length != 16) {
      throw new IllegalArgumentException("Invalid address length: " + address.length);
    }
    long high64 = 0;
    long low64 = 0;
    for (int i = 0; i < 8; i++) {
      high64 = (high64 << 8) | (address[i] & 0xffL);
      low64 = (low64 << 8) | (address[i + 8] & 0xffL);
    }
    int low = 0;
    int high = v6StartHigh.length - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (compare(v6StartHigh[mid], v6StartLow[mid], high64, low64) <= 0) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found >= 0 && compare(high64, low64, v6EndHigh[found], v6EndLow[found]) <= 0
        ? Optional.of(v6Values.get(found))
        : Optional.empty();
  }

  private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
    int result = Long.compareUnsigned(aHigh, bHigh);
    return result != 0 ? result : Long.compareUnsigned(aLow, bLow);
  }

  private record Segment<V>(BigInteger start, BigInteger end, V value) {}

  private record Range<V>(BigInteger start, BigInteger end, int length, V value) {}

  public static final class Builder<V> {
    private final BinaryOperator<V> merge;
    private final Map<IpPrefix, V> values = new LinkedHashMap<>();

    private Builder(BinaryOperator<V> merge) {
      this.merge = requireNonNull(merge, "merge is null");
    }

    /** Adds a prefix; a prefix added twice keeps {@code merge(old, new)}. */
    public Builder<V> put(IpPrefix prefix, V value) {
      requireNonNull(prefix, "prefix is null");
      requireNonNull(value, "value is null");
      values.merge(prefix, value, merge);
      return this;
    }

    public PrefixMap<V> build() {
      List<Range<V>> v4 = new ArrayList<>();
      List<Range<V>> v6 = new ArrayList<>();
      values.forEach(
          (prefix, value) ->
              (prefix.ipv6() ? v6 : v4)
                  .add(new Range<>(prefix.first(), prefix.last(), prefix.length(), value)));
      return new PrefixMap<>(flatten(v4), flatten(v6), values.size());
    }

    /** Nested or disjoint ranges to disjoint segments valued by the innermost range. */
    private static <V> List<Segment<V>> flatten(List<Range<V>> ranges) {
      ranges.sort(Comparator.comparing((Range<V> r) -> r.start).thenComparingInt(Range::length));
      List<Segment<V>> out = new ArrayList<>();
      Deque<Range<V>> open = new ArrayDeque<>();
      BigInteger cursor = BigInteger.ZERO;
      for (Range<V> range : ranges) {
        while (!open.isEmpty() && open.peek().end.compareTo(range.start) < 0) {
          cursor = close(open.pop(), cursor, out);
        }
        if (!open.isEmpty() && cursor.compareTo(range.start) < 0) {
          emit(out, cursor, range.start.subtract(BigInteger.ONE), open.peek().value);
        }
        cursor = range.start;
        open.push(range);
      }
      while (!open.isEmpty()) {
        cursor = close(open.pop(), cursor, out);
      }
      return out;
    }

    private static <V> BigInteger close(Range<V> range, BigInteger cursor, List<Segment<V>> out) {
      if (cursor.compareTo(range.end) <= 0) {
        emit(out, cursor, range.end, range.value);
      }
      return range.end.add(BigInteger.ONE).max(cursor);
    }

    private static <V> void emit(List<Segment<V>> out, BigInteger start, BigInteger end, V value) {
      if (start.compareTo(end) > 0) {
        return;
      }
      if (!out.isEmpty()) {
        Segment<V> last = out.get(out.size() - 1);
        if (last.value.equals(value) && last.end.add(BigInteger.ONE).equals(start)) {
          out.set(out.size() - 1, new Segment<>(last.start, end, value));
          return;
        }
      }
      out.add(new Segment<>(start, end, value));
    }
  }
}
