package dev.netcost.store.gcs;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A validated {@code gs://bucket[/prefix]} location: the bucket and the key prefix (without leading
 * or trailing slash; empty for the bucket root).
 */
record GcsLocation(String bucket, String prefix) {
  static final String ACCEPTED_FORMS = "gs://bucket or gs://bucket/prefix";

  GcsLocation {
    requireNonNull(bucket, "bucket is null");
    requireNonNull(prefix, "prefix is null");
    if (bucket.isEmpty() || bucket.contains("/")) {
      throw new IllegalArgumentException("Invalid GCS bucket: '" + bucket + "'");
    }
    if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
      throw new IllegalArgumentException("Invalid GCS prefix: '" + prefix + "'");
    }
  }

  static GcsLocation parse(URI uri) {
    requireNonNull(uri, "uri is null");
    if (!"gs".equals(uri.getScheme())
        || uri.getRawAuthority() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null
        || uri.getPort() != -1) {
      throw invalid(uri);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String prefix = strip(path);
    if (prefix.contains("//")) {
      throw invalid(uri);
    }
    return new GcsLocation(uri.getAuthority(), prefix);
  }

  /** The object key of {@code key} relative to this location. */
  String objectKey(String key) {
    return prefix.isEmpty() || key.isEmpty() ? prefix + key : prefix + "/" + key;
  }

  /** The key relative to this location of a full object key that lies under it. */
  String relativeKey(String objectKey) {
    return prefix.isEmpty() ? objectKey : objectKey.substring(prefix.length() + 1);
  }

  URI uri() {
    return toUri(prefix);
  }

  /** The URI of a key (or a listing prefix) under this location, quoted where it must be. */
  URI uri(String key) {
    return toUri(objectKey(key));
  }

  private URI toUri(String objectKey) {
    try {
      return new URI("gs", bucket, objectKey.isEmpty() ? null : "/" + objectKey, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Invalid object key: '" + objectKey + "'", e);
    }
  }

  private static String strip(String path) {
    String stripped = path;
    while (stripped.startsWith("/")) {
      stripped = stripped.substring(1);
    }
    while (stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
  }

  private static IllegalArgumentException invalid(URI uri) {
    return new IllegalArgumentException(
        "Invalid GCS location: '" + uri + "' (expected " + ACCEPTED_FORMS + ")");
  }
}
