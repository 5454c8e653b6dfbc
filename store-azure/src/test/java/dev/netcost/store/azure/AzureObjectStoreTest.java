package dev.netcost.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.common.StorageSharedKeyCredential;
import dev.netcost.store.AbstractRemoteObjectStoreTest;
import dev.netcost.store.ObjectStore;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract and the faults against Azurite (npm), started on loopback by the test. */
final class AzureObjectStoreTest extends AbstractRemoteObjectStoreTest {
  private static final String CONTAINER = "netcost-test";
  private static final AtomicInteger ROOTS = new AtomicInteger();
  private static Azurite azurite;

  @BeforeAll
  static void startAzurite(@TempDir Path directory) throws Exception {
    azurite = Azurite.start(directory);
    open(
            new AzureLocation("az", Azurite.ACCOUNT, CONTAINER, "", "core.windows.net"),
            azurite.blobEndpoint(),
            Azurite.KEY)
        .createContainer();
  }

  @AfterAll
  static void stopAzurite() throws Exception {
    if (azurite != null) {
      azurite.close();
    }
  }

  private static AzureSettings settings(URI blobEndpoint) {
    return new AzureSettings(
        Optional.of(blobEndpoint),
        2,
        Duration.ofMillis(100),
        Duration.ofSeconds(30),
        TEST_LIST_PAGE_SIZE);
  }

  private static TestContainer open(AzureLocation location, URI blobEndpoint, String key) {
    return new TestContainer(location, blobEndpoint, key);
  }

  /** Creates the container with the SDK directly: the adapter never creates containers. */
  private record TestContainer(AzureLocation location, URI blobEndpoint, String key) {
    void createContainer() {
      new com.azure.storage.blob.BlobContainerClientBuilder()
          .endpoint(blobEndpoint.toString())
          .containerName(location.container())
          .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, key))
          .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
          .buildClient()
          .createIfNotExists();
    }
  }

  @Override
  protected ObjectStore createStore() {
    return AzureObjectStoreProvider.open(
        new AzureLocation(
            "abfss",
            Azurite.ACCOUNT,
            CONTAINER,
            "run-" + ROOTS.incrementAndGet() + "/netcost",
            "core.windows.net"),
        settings(azurite.blobEndpoint()),
        new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY));
  }

  @Override
  protected URI endpoint() {
    return azurite.endpoint();
  }

  @Override
  protected ObjectStore reopen(ObjectStore store, URI endpoint) {
    return AzureObjectStoreProvider.open(
        AzureLocation.parse(store.root()),
        settings(URI.create(endpoint + "/" + Azurite.ACCOUNT)),
        new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY));
  }

  @Override
  protected ObjectStore createStoreWithoutPermission() {
    return AzureObjectStoreProvider.open(
        new AzureLocation("az", Azurite.ACCOUNT, CONTAINER, "denied", "core.windows.net"),
        settings(azurite.blobEndpoint()),
        new StorageSharedKeyCredential(
            Azurite.ACCOUNT, java.util.Base64.getEncoder().encodeToString(new byte[64])));
  }

  @Override
  protected List<String> expectedDenialDetails() {
    return List.of(
        "to container 'netcost-test' of storage account 'devstoreaccount1' for shared key of"
            + " account devstoreaccount1");
  }

  @Test
  void messagesNameTheFullLocation() throws Exception {
    store().createExclusive("k", bytes("1"));

    assertThatThrownBy(() -> store().createExclusive("k", bytes("2")))
        .hasMessage(store().uri("k") + ": object already exists");
    assertThatThrownBy(() -> store().read("missing"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(store().uri("missing") + ": no such object");
    assertThat(store().uri("k").toString())
        .startsWith("abfss://netcost-test@devstoreaccount1.dfs.core.windows.net/run-");
  }

  @Test
  void aMissingContainerIsNamed() throws Exception {
    try (ObjectStore store =
        AzureObjectStoreProvider.open(
            new AzureLocation("az", Azurite.ACCOUNT, "no-such-container", "", "core.windows.net"),
            settings(azurite.blobEndpoint()),
            new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))) {
      assertThatThrownBy(() -> store.createExclusive("k", bytes("2")))
          .hasMessage(
              "Cannot create az://devstoreaccount1/no-such-container/k: container"
                  + " 'no-such-container' does not exist in storage account 'devstoreaccount1'");
    }
  }
}
