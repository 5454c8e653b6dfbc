package dev.netcost.store.gcs;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to reach Cloud Storage: an optional JSON API endpoint override (an emulator or a private
 * endpoint), the client's attempt count and first retry delay, the listing page size. Credentials
 * are not settings: they come from Application Default Credentials.
 *
 * <p>From the environment: {@code NETCOST_GCS_ENDPOINT}, e.g. {@code http://127.0.0.1:4443}.
 */
record GcsSettings(
    Optional<URI> endpoint, int maxAttempts, Duration initialRetryDelay, int listPageSize) {
  GcsSettings {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(initialRetryDelay, "initialRetryDelay is null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts is less than 1: " + maxAttempts);
    }
    if (listPageSize < 1 || listPageSize > 1000) {
      throw new IllegalArgumentException("listPageSize is not in [1, 1000]: " + listPageSize);
    }
  }

  static GcsSettings fromEnvironment(Function<String, String> environment) {
    String value = environment.apply("NETCOST_GCS_ENDPOINT");
    Optional<URI> endpoint = Optional.empty();
    if (value != null && !value.isBlank()) {
      URI uri;
      try {
        uri = URI.create(value.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid NETCOST_GCS_ENDPOINT: '" + value + "'", e);
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "Invalid NETCOST_GCS_ENDPOINT: '" + value + "' (expected http(s)://host[:port])");
      }
      endpoint = Optional.of(uri);
    }
    return new GcsSettings(endpoint, 6, Duration.ofSeconds(1), 1000);
  }
}
