package dev.netcost.store.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to reach S3: an optional endpoint for S3-compatible stores (MinIO, Ceph, S3Proxy) with
 * path-style addressing, the SDK's attempt count, and the listing page size. Credentials are not
 * settings: they always come from the SDK's default chain.
 *
 * <p>From the environment: {@code NETCOST_S3_ENDPOINT} (e.g. {@code http://minio.minio:9000}) and
 * {@code NETCOST_S3_PATH_STYLE} ({@code true}/{@code false}; default {@code true} when an endpoint
 * is set). The region comes from the SDK's region chain ({@code AWS_REGION}, profile, instance
 * metadata); with an explicit endpoint and no region, {@code us-east-1} is used for signing.
 */
record S3Settings(Optional<URI> endpoint, boolean pathStyle, int maxAttempts, int listPageSize) {
  static final int DEFAULT_MAX_ATTEMPTS = 5;
  static final int DEFAULT_LIST_PAGE_SIZE = 1000;

  S3Settings {
    requireNonNull(endpoint, "endpoint is null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts is less than 1: " + maxAttempts);
    }
    if (listPageSize < 1 || listPageSize > 1000) {
      throw new IllegalArgumentException("listPageSize is not in [1, 1000]: " + listPageSize);
    }
  }

  static S3Settings fromEnvironment(Function<String, String> environment) {
    Optional<URI> endpoint =
        Optional.ofNullable(environment.apply("NETCOST_S3_ENDPOINT"))
            .filter(value -> !value.isBlank())
            .map(S3Settings::endpoint);
    String pathStyle = environment.apply("NETCOST_S3_PATH_STYLE");
    boolean path =
        pathStyle == null || pathStyle.isBlank()
            ? endpoint.isPresent()
            : switch (pathStyle.trim().toLowerCase(Locale.ROOT)) {
              case "true" -> true;
              case "false" -> false;
              default ->
                  throw new IllegalArgumentException(
                      "Invalid NETCOST_S3_PATH_STYLE: '"
                          + pathStyle
                          + "' (expected true or false)");
            };
    return new S3Settings(endpoint, path, DEFAULT_MAX_ATTEMPTS, DEFAULT_LIST_PAGE_SIZE);
  }

  private static URI endpoint(String value) {
    URI uri;
    try {
      uri = URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid NETCOST_S3_ENDPOINT: '" + value + "'", e);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "Invalid NETCOST_S3_ENDPOINT: '"
              + value
              + "' (expected http://host:port or https://host:port)");
    }
    return uri;
  }
}
