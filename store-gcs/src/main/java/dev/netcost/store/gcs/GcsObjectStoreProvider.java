package dev.netcost.store.gcs;

import static java.util.Objects.requireNonNull;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.netcost.store.BucketLocation;
import dev.netcost.store.ObjectStore;
import dev.netcost.store.ObjectStoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Opens {@code gs://bucket[/prefix]} locations with Application Default Credentials: {@code
 * GOOGLE_APPLICATION_CREDENTIALS}, gcloud's login, or the metadata server (GKE Workload Identity).
 */
public final class GcsObjectStoreProvider implements ObjectStoreProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("gs");
  }

  @Override
  public ObjectStore open(URI location) {
    BucketLocation parsed = GcsLocation.parse(location);
    GoogleCredentials credentials;
    try {
      credentials = GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "No Google credentials for "
              + parsed.uri()
              + ": Application Default Credentials found none (GKE Workload Identity,"
              + " GOOGLE_APPLICATION_CREDENTIALS or gcloud auth application-default login)",
          e);
    }
    return open(parsed, GcsSettings.fromEnvironment(System::getenv), credentials);
  }

  static GcsObjectStore open(
      BucketLocation location, GcsSettings settings, Credentials credentials) {
    requireNonNull(location, "location is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(credentials, "credentials is null");
    StorageOptions.Builder builder =
        StorageOptions.http()
            .setCredentials(credentials)
            .setRetrySettings(
                RetrySettings.newBuilder()
                    .setMaxAttempts(settings.maxAttempts())
                    .setInitialRetryDelayDuration(settings.initialRetryDelay())
                    .setRetryDelayMultiplier(2.0)
                    .setMaxRetryDelayDuration(settings.initialRetryDelay().multipliedBy(32))
                    .setTotalTimeoutDuration(Duration.ofMinutes(5))
                    .setInitialRpcTimeoutDuration(Duration.ofSeconds(60))
                    .setRpcTimeoutMultiplier(1.0)
                    .setMaxRpcTimeoutDuration(Duration.ofSeconds(60))
                    .build());
    String endpointName = "storage.googleapis.com";
    if (settings.endpoint().isPresent()) {
      URI endpoint = settings.endpoint().get();
      builder.setHost(endpoint.toString());
      endpointName = endpoint.getPort() == -1 ? endpoint.getHost() : endpoint.getAuthority();
    }
    // the project only matters for creating buckets, which the adapter never does
    builder.setProjectId("netcost-unused");
    return new GcsObjectStore(
        builder.build().getService(),
        location,
        settings.listPageSize(),
        endpointName,
        () -> describe(credentials));
  }

  /** Who the requests run as, for error messages. */
  static String describe(Credentials credentials) {
    if (credentials instanceof NoCredentials) {
      return "no credentials (anonymous)";
    }
    if (credentials instanceof ServiceAccountCredentials account) {
      return "service account " + account.getClientEmail();
    }
    if (credentials instanceof ImpersonatedCredentials impersonated) {
      return "impersonated service account " + impersonated.getAccount();
    }
    if (credentials instanceof ComputeEngineCredentials) {
      return "the metadata server's service account (GKE Workload Identity or the node's)";
    }
    if (credentials instanceof ExternalAccountCredentials external) {
      String impersonated = external.getServiceAccountEmail();
      return "workload identity federation"
          + (impersonated == null ? "" : " impersonating " + impersonated);
    }
    if (credentials instanceof UserCredentials user) {
      return "user credentials of OAuth client " + user.getClientId();
    }
    return credentials.getClass().getSimpleName();
  }
}
