package dev.netcost.store.s3;

import static java.util.Objects.requireNonNull;

import dev.netcost.store.BucketLocation;
import dev.netcost.store.ObjectStore;
import dev.netcost.store.ObjectStoreProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Opens {@code s3://bucket[/prefix]} locations with the AWS SDK's default credential chain:
 * environment, system properties, web identity token (IRSA, through the {@code sts} module),
 * profile, container credentials (EKS Pod Identity), instance profile.
 */
public final class S3ObjectStoreProvider implements ObjectStoreProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("s3");
  }

  @Override
  public ObjectStore open(URI location) {
    return open(
        S3Location.parse(location),
        S3Settings.fromEnvironment(System::getenv),
        DefaultCredentialsProvider.builder().build());
  }

  static S3ObjectStore open(
      BucketLocation location, S3Settings settings, AwsCredentialsProvider credentials) {
    requireNonNull(location, "location is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(credentials, "credentials is null");
    S3ClientBuilder builder =
        S3Client.builder()
            .credentialsProvider(credentials)
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .overrideConfiguration(
                override ->
                    override.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(settings.maxAttempts())
                            .build()))
            .forcePathStyle(settings.pathStyle());
    String endpointName;
    if (settings.endpoint().isPresent()) {
      URI endpoint = settings.endpoint().get();
      builder.endpointOverride(endpoint).region(region().orElse(Region.US_EAST_1));
      endpointName = endpoint.getPort() == -1 ? endpoint.getHost() : endpoint.getAuthority();
    } else {
      Region region =
          region()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "No AWS region for "
                              + location.uri()
                              + ": set AWS_REGION (or run where instance metadata gives one)"));
      // a bucket in another region is still reached: the SDK follows the redirect
      builder.region(region).crossRegionAccessEnabled(true);
      endpointName = "S3 in " + region.id();
    }
    return new S3ObjectStore(
        builder.build(),
        location,
        settings.listPageSize(),
        endpointName,
        () -> describe(credentials));
  }

  private static Optional<Region> region() {
    try {
      return Optional.of(DefaultAwsRegionProviderChain.builder().build().getRegion());
    } catch (SdkException e) {
      return Optional.empty();
    }
  }

  /** Who the requests are signed as, for error messages: never the secret, only the key id. */
  static String describe(AwsCredentialsProvider provider) {
    AwsCredentials credentials;
    try {
      credentials = provider.resolveCredentials();
    } catch (SdkException e) {
      return "no identity (the AWS default credential chain found no credentials: "
          + e.getMessage()
          + ")";
    }
    return "access key " + credentials.accessKeyId() + " from " + source(provider);
  }

  private static String source(AwsCredentialsProvider provider) {
    if (!(provider instanceof DefaultCredentialsProvider)) {
      return provider.getClass().getSimpleName();
    }
    // the default chain does not say which link answered: tell what the environment points to
    String role = System.getenv("AWS_ROLE_ARN");
    if (role != null && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") != null) {
      return "the default chain (IRSA web identity, role " + role + ")";
    }
    if (System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null) {
      return "the default chain (EKS Pod Identity / container credentials)";
    }
    if (System.getenv("AWS_ACCESS_KEY_ID") != null) {
      return "the default chain (AWS_ACCESS_KEY_ID environment variable)";
    }
    return "the default chain (profile or instance profile)";
  }
}
