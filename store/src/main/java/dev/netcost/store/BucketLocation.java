package dev.netcost.store;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A validated {@code scheme://bucket[/prefix]} location of a bucket store (S3, GCS): the bucket and
 * the key prefix (without leading or trailing slash; empty for the bucket root). {@code service}
 * names the store in messages ("S3", "GCS").
 */
public record BucketLocation(String scheme, String service, String bucket, String prefix) {
  public BucketLocation {
    requireNonNull(scheme, "scheme is null");
    requireNonNull(service, "service is null");
    requireNonNull(bucket, "bucket is null");
    requireNonNull(prefix, "prefix is null");
    if (bucket.isEmpty() || bucket.contains("/")) {
      throw new IllegalArgumentException("Invalid " + service + " bucket: '" + bucket + "'");
    }
    if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
      throw new IllegalArgumentException("Invalid " + service + " prefix: '" + prefix + "'");
    }
  }

  /** The forms a location of {@code scheme} may take, for messages. */
  public static String acceptedForms(String scheme) {
    return scheme + "://bucket or " + scheme + "://bucket/prefix";
  }

  public static BucketLocation parse(URI uri, String scheme, String service) {
    requireNonNull(uri, "uri is null");
    if (!scheme.equals(uri.getScheme())
        || uri.getRawAuthority() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null
        || uri.getPort() != -1) {
      throw invalid(uri, scheme, service);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String prefix = strip(path);
    if (prefix.contains("//")) {
      throw invalid(uri, scheme, service);
    }
    return new BucketLocation(scheme, service, uri.getAuthority(), prefix);
  }

  /** The object key of {@code key} relative to this location. */
  public String objectKey(String key) {
    return prefix.isEmpty() || key.isEmpty() ? prefix + key : prefix + "/" + key;
  }

  /** The key relative to this location of a full object key that lies under it. */
  public String relativeKey(String objectKey) {
    return prefix.isEmpty() ? objectKey : objectKey.substring(prefix.length() + 1);
  }

  public URI uri() {
    return toUri(prefix);
  }

  /** The URI of a key (or a listing prefix) under this location, quoted where it must be. */
  public URI uri(String key) {
    return toUri(objectKey(key));
  }

  private URI toUri(String objectKey) {
    try {
      return new URI(scheme, bucket, objectKey.isEmpty() ? null : "/" + objectKey, null, null);
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

  private static IllegalArgumentException invalid(URI uri, String scheme, String service) {
    return new IllegalArgumentException(
        "Invalid " + service + " location: '" + uri + "' (expected " + acceptedForms(scheme) + ")");
  }
}
