package dev.netcost.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TestPrefixMapProperties {
  /** Random nested prefixes in a few small neighbourhoods (so they nest), IPv4 and IPv6. */
  private static List<IpPrefix> randomPrefixes(Random random, int count) {
    String[] v4Bases = {"10.0.0.0", "255.255.0.0", "0.0.0.0", "128.0.0.0"};
    String[] v6Bases = {
      "fd00::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:0", "::", "8000::", "7fff:ffff:ffff:ffff::"
    };
    List<IpPrefix> prefixes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean v6 = random.nextBoolean();
      byte[] address =
          IpAddresses.parse(
              v6
                  ? v6Bases[random.nextInt(v6Bases.length)]
                  : v4Bases[random.nextInt(v4Bases.length)]);
      // randomise the low 16 bits; lengths from /(bits-20) to /bits
      address[address.length - 1] = (byte) random.nextInt(256);
      address[address.length - 2] = (byte) random.nextInt(256);
      int bits = address.length * 8;
      int length = bits - random.nextInt(21);
      prefixes.add(IpPrefix.parse(IpAddresses.format(address) + "/" + length));
    }
    return prefixes;
  }

  private static Optional<Integer> naive(Map<IpPrefix, Integer> values, byte[] address) {
    IpPrefix best = null;
    for (IpPrefix prefix : values.keySet()) {
      if (prefix.contains(address) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return Optional.ofNullable(best).map(values::get);
  }

  @Property(tries = 200)
  void longestMatchEqualsANaiveScan(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int count) {
    Random random = new Random(seed);
    List<IpPrefix> prefixes = randomPrefixes(random, count);
    PrefixMap.Builder<Integer> builder = PrefixMap.builder((a, b) -> a);
    Map<IpPrefix, Integer> values = new LinkedHashMap<>();
    for (int i = 0; i < prefixes.size(); i++) {
      builder.put(prefixes.get(i), i);
      values.putIfAbsent(prefixes.get(i), i);
    }
    PrefixMap<Integer> map = builder.build();
    assertThat(map.size()).isEqualTo(values.size());
    List<byte[]> queries = new ArrayList<>();
    for (IpPrefix prefix : values.keySet()) {
      // both ends of every prefix and their neighbours
      for (java.math.BigInteger edge :
          List.of(
              prefix.first(),
              prefix.last(),
              prefix.first().subtract(java.math.BigInteger.ONE),
              prefix.last().add(java.math.BigInteger.ONE))) {
        int size = prefix.ipv6() ? 16 : 4;
        if (edge.signum() < 0 || edge.bitLength() > size * 8) {
          continue;
        }
        queries.add(toBytes(edge, size));
      }
    }
    for (IpPrefix prefix : randomPrefixes(random, 40)) {
      queries.add(toBytes(prefix.first(), prefix.ipv6() ? 16 : 4));
    }
    for (byte[] query : queries) {
      assertThat(map.lookup(query)).as(IpAddresses.format(query)).isEqualTo(naive(values, query));
    }
  }

  private static byte[] toBytes(java.math.BigInteger value, int size) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
    return out;
  }

  @Test
  void nestedExample() {
    PrefixMap<String> map =
        PrefixMap.<String>builder((a, b) -> a)
            .put(IpPrefix.parse("10.0.0.0/8"), "outer")
            .put(IpPrefix.parse("10.1.0.0/16"), "middle")
            .put(IpPrefix.parse("10.1.2.0/24"), "inner")
            .put(IpPrefix.parse("10.1.2.0/24"), "ignored duplicate")
            .put(IpPrefix.parse("2001:db8::/32"), "v6")
            .put(IpPrefix.parse("::ffff:192.0.2.0/120"), "mapped")
            .build();
    assertThat(map.lookup(IpAddresses.parse("10.1.2.3"))).contains("inner");
    assertThat(map.lookup(IpAddresses.parse("10.1.3.3"))).contains("middle");
    assertThat(map.lookup(IpAddresses.parse("10.2.0.0"))).contains("outer");
    assertThat(map.lookup(IpAddresses.parse("11.0.0.0"))).isEmpty();
    assertThat(map.lookup(IpAddresses.parse("2001:db8:ffff::1"))).contains("v6");
    assertThat(map.lookup(IpAddresses.parse("2001:db9::"))).isEmpty();
    assertThat(map.lookup(IpAddresses.parse("192.0.2.77"))).contains("mapped");
    assertThat(IpPrefix.parse("10.1.2.3/16").toString()).isEqualTo("10.1.0.0/16");
    assertThat(IpPrefix.parse("2001:DB8:0:0:1::/64").toString()).isEqualTo("2001:db8::/64");
  }
}
