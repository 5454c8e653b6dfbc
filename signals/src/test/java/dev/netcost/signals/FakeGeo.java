package dev.netcost.signals;

import dev.netcost.contract.IpPrefix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A hand-written geo lookup over a few CIDRs. */
final class FakeGeo implements GeoLookup {
  private final Map<IpPrefix, String> countries = new LinkedHashMap<>();
  private final Map<IpPrefix, AsInfo> asns = new LinkedHashMap<>();
  private final boolean hasCountries;
  private final boolean hasAsns;

  FakeGeo(boolean hasCountries, boolean hasAsns) {
    this.hasCountries = hasCountries;
    this.hasAsns = hasAsns;
  }

  FakeGeo add(String cidr, String country, long asn, String organization) {
    countries.put(IpPrefix.parse(cidr), country);
    asns.put(IpPrefix.parse(cidr), new AsInfo(asn, organization));
    return this;
  }

  @Override
  public boolean hasCountries() {
    return hasCountries;
  }

  @Override
  public boolean hasAsns() {
    return hasAsns;
  }

  @Override
  public Optional<String> country(String ip) {
    if (!hasCountries) {
      return Optional.empty();
    }
    return countries.entrySet().stream()
        .filter(entry -> entry.getKey().contains(ip))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  @Override
  public Optional<AsInfo> asn(String ip) {
    if (!hasAsns) {
      return Optional.empty();
    }
    return asns.entrySet().stream()
        .filter(entry -> entry.getKey().contains(ip))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
