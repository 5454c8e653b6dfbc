package dev.netcost.store.gcs;

import dev.netcost.store.BucketLocation;
import java.net.URI;

/** {@code gs://bucket[/prefix]} locations: {@link BucketLocation} with this store's scheme. */
final class GcsLocation {
  static final String ACCEPTED_FORMS = BucketLocation.acceptedForms("gs");

  private GcsLocation() {}

  static BucketLocation of(String bucket, String prefix) {
    return new BucketLocation("gs", "GCS", bucket, prefix);
  }

  static BucketLocation parse(URI uri) {
    return BucketLocation.parse(uri, "gs", "GCS");
  }
}
