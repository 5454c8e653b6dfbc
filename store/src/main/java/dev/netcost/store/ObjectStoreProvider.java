package dev.netcost.store;

import java.net.URI;
import java.util.Set;

/** Service-provider interface of a store adapter module (registered in META-INF/services). */
public interface ObjectStoreProvider {
  /** URI schemes this adapter serves, e.g. {@code s3}. */
  Set<String> schemes();

  /** Opens the store at {@code location} with the SDK's default credential chain. */
  ObjectStore open(URI location);
}
