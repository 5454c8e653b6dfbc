package dev.netcost.store.azure;

import static java.util.Objects.requireNonNull;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.netcost.store.ObjectStore;
import dev.netcost.store.ObjectStoreProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Opens {@code abfss://container@account.dfs.core.windows.net/prefix} and {@code
 * az://account/container/prefix} locations with {@code DefaultAzureCredential}: environment,
 * Workload Identity (AKS), Managed Identity, then developer logins.
 */
public final class AzureObjectStoreProvider implements ObjectStoreProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("abfss", "az");
  }

  @Override
  public ObjectStore open(URI location) {
    TokenCredential credential = new DefaultAzureCredentialBuilder().build();
    return open(
        AzureLocation.parse(location),
        AzureSettings.fromEnvironment(System::getenv),
        builder -> builder.credential(credential),
        describeDefaultCredential());
  }

  /** With an account key: for Azurite and tests only; deployments use the default credential. */
  static AzureObjectStore open(
      AzureLocation location, AzureSettings settings, StorageSharedKeyCredential sharedKey) {
    return open(
        location,
        settings,
        builder -> builder.credential(sharedKey),
        "shared key of account " + sharedKey.getAccountName());
  }

  private static AzureObjectStore open(
      AzureLocation location,
      AzureSettings settings,
      Consumer<BlobContainerClientBuilder> credential,
      String identity) {
    requireNonNull(location, "location is null");
    requireNonNull(settings, "settings is null");
    URI endpoint = settings.blobEndpoint().orElse(location.blobEndpoint());
    BlobContainerClientBuilder builder =
        new BlobContainerClientBuilder()
            .endpoint(endpoint.toString())
            .containerName(location.container())
            .httpClient(
                new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10)).build())
            .retryOptions(
                new RequestRetryOptions(
                    RetryPolicyType.EXPONENTIAL,
                    settings.maxTries(),
                    settings.tryTimeout(),
                    settings.retryDelay(),
                    settings.retryDelay().multipliedBy(16),
                    null));
    credential.accept(builder);
    String endpointName = endpoint.getPort() == -1 ? endpoint.getHost() : endpoint.getAuthority();
    return new AzureObjectStore(
        builder.buildClient(), location, settings.listPageSize(), endpointName, identity);
  }

  /** What DefaultAzureCredential will use here, from the environment it reads. */
  static String describeDefaultCredential() {
    String clientId = System.getenv("AZURE_CLIENT_ID");
    String tenantId = System.getenv("AZURE_TENANT_ID");
    if (System.getenv("AZURE_FEDERATED_TOKEN_FILE") != null) {
      return "DefaultAzureCredential (Workload Identity, client id "
          + clientId
          + ", tenant "
          + tenantId
          + ")";
    }
    if (System.getenv("AZURE_CLIENT_SECRET") != null
        || System.getenv("AZURE_CLIENT_CERTIFICATE_PATH") != null) {
      return "DefaultAzureCredential (service principal " + clientId + " from the environment)";
    }
    if (clientId != null) {
      return "DefaultAzureCredential (managed identity, client id " + clientId + ")";
    }
    return "DefaultAzureCredential (system-assigned managed identity or developer login)";
  }
}
