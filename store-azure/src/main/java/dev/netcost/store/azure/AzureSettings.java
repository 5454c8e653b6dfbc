package dev.netcost.store.azure;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to reach Azure Blob: an optional Blob endpoint override (Azurite, a private endpoint), the
 * SDK's try count and delays, the listing page size. Credentials are not settings: they come from
 * {@code DefaultAzureCredential}.
 *
 * <p>From the environment: {@code NETCOST_AZURE_BLOB_ENDPOINT}, e.g. {@code
 * http://127.0.0.1:10000/devstoreaccount1} for Azurite.
 */
record AzureSettings(
    Optional<URI> blobEndpoint,
    int maxTries,
    Duration retryDelay,
    Duration tryTimeout,
    int listPageSize) {
  AzureSettings {
    requireNonNull(blobEndpoint, "blobEndpoint is null");
    requireNonNull(retryDelay, "retryDelay is null");
    requireNonNull(tryTimeout, "tryTimeout is null");
    if (maxTries < 1) {
      throw new IllegalArgumentException("maxTries is less than 1: " + maxTries);
    }
    if (listPageSize < 1 || listPageSize > 5000) {
      throw new IllegalArgumentException("listPageSize is not in [1, 5000]: " + listPageSize);
    }
  }

  static AzureSettings fromEnvironment(Function<String, String> environment) {
    String endpoint = environment.apply("NETCOST_AZURE_BLOB_ENDPOINT");
    Optional<URI> blobEndpoint = Optional.empty();
    if (endpoint != null && !endpoint.isBlank()) {
      URI uri;
      try {
        uri = URI.create(endpoint.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Invalid NETCOST_AZURE_BLOB_ENDPOINT: '" + endpoint + "'", e);
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "Invalid NETCOST_AZURE_BLOB_ENDPOINT: '"
                + endpoint
                + "' (expected http(s)://host[:port][/account])");
      }
      blobEndpoint = Optional.of(uri);
    }
    return new AzureSettings(blobEndpoint, 4, Duration.ofSeconds(2), Duration.ofSeconds(120), 5000);
  }
}
