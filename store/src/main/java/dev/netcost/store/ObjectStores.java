package dev.netcost.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Opens a store from a URI: plain paths and {@code file:} URIs are local directories; other schemes
 * ({@code s3://}, {@code gs://}, {@code abfss://}, {@code az://}) are served by adapters found with
 * {@link ServiceLoader} ({@link ObjectStoreProvider}).
 */
public final class ObjectStores {
  private ObjectStores() {}

  public static ObjectStore open(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("Store location is empty");
    }
    int colon = location.indexOf(':');
    String scheme = colon > 1 ? location.substring(0, colon) : "";
    if (scheme.isEmpty()) {
      return new LocalObjectStore(Path.of(location));
    }
    if (scheme.equals("file")) {
      return new LocalObjectStore(Path.of(URI.create(location)));
    }
    for (ObjectStoreProvider provider : ServiceLoader.load(ObjectStoreProvider.class)) {
      if (provider.schemes().contains(scheme)) {
        URI uri;
        try {
          uri = URI.create(location);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "Invalid store location: '" + location + "' (" + ACCEPTED + ")", e);
        }
        return provider.open(uri);
      }
    }
    throw new IllegalArgumentException(
        "Unsupported store location: '"
            + location
            + "' ("
            + ACCEPTED
            + "; cloud schemes need their adapter module on the classpath)");
  }

  private static final String ACCEPTED =
      "accepted: a local path, file:///path, s3://bucket/prefix, gs://bucket/prefix,"
          + " abfss://container@account.dfs.core.windows.net/prefix, az://account/container/prefix";
}
