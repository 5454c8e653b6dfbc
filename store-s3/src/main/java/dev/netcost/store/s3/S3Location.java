package dev.netcost.store.s3;

import dev.netcost.store.BucketLocation;
import java.net.URI;

/** {@code s3://bucket[/prefix]} locations: {@link BucketLocation} with this store's scheme. */
final class S3Location {
  static final String ACCEPTED_FORMS = BucketLocation.acceptedForms("s3");

  private S3Location() {}

  static BucketLocation of(String bucket, String prefix) {
    return new BucketLocation("s3", "S3", bucket, prefix);
  }

  static BucketLocation parse(URI uri) {
    return BucketLocation.parse(uri, "s3", "S3");
  }
}
