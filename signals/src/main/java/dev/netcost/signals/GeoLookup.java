package dev.netcost.signals;

import java.util.Optional;

/** Country and autonomous system of an internet address. */
public interface GeoLookup {
  /** No databases configured: every lookup is empty. */
  GeoLookup NONE =
      new GeoLookup() {
        @Override
        public boolean hasCountries() {
          return false;
        }

        @Override
        public boolean hasAsns() {
          return false;
        }

        @Override
        public Optional<String> country(String ip) {
          return Optional.empty();
        }

        @Override
        public Optional<AsInfo> asn(String ip) {
          return Optional.empty();
        }
      };

  boolean hasCountries();

  boolean hasAsns();

  /** ISO 3166-1 alpha-2 code of the country, empty when unknown or no database. */
  Optional<String> country(String canonicalIp);

  Optional<AsInfo> asn(String canonicalIp);
}
