package dev.netcost.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import dev.netcost.store.AbstractRemoteObjectStoreTest;
import dev.netcost.store.BucketLocation;
import dev.netcost.store.ObjectStore;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract and the faults against {@link FakeGcsServer}, a JSON-API fake that honours
 * ifGenerationMatch (no GCS emulator with preconditions exists here).
 */
final class GcsObjectStoreTest extends AbstractRemoteObjectStoreTest {
  private static final String BUCKET = "netcost-test";
  private static final AtomicInteger ROOTS = new AtomicInteger();
  private static FakeGcsServer server;

  @BeforeAll
  static void startFake() throws Exception {
    server = new FakeGcsServer();
    server.createBucket(BUCKET);
    server.forbid("netcost-forbidden");
  }

  @AfterAll
  static void stopFake() {
    server.close();
  }

  @AfterEach
  void everyRequestWasUnderstood() {
    assertThat(server.drainUnsupported()).isEmpty();
  }

  private static GcsSettings settings(URI endpoint) {
    return new GcsSettings(Optional.of(endpoint), 2, Duration.ofMillis(50), TEST_LIST_PAGE_SIZE);
  }

  private static GcsObjectStore open(String bucket, String prefix, URI endpoint) {
    return GcsObjectStoreProvider.open(
        GcsLocation.of(bucket, prefix), settings(endpoint), NoCredentials.getInstance());
  }

  @Override
  protected ObjectStore createStore() {
    return open(BUCKET, "run-" + ROOTS.incrementAndGet() + "/netcost", server.endpoint());
  }

  @Override
  protected URI endpoint() {
    return server.endpoint();
  }

  @Override
  protected ObjectStore reopen(ObjectStore store, URI endpoint) {
    BucketLocation location = GcsLocation.parse(store.root());
    return open(location.bucket(), location.prefix(), endpoint);
  }

  @Override
  protected ObjectStore createStoreWithoutPermission() {
    return open("netcost-forbidden", "denied", server.endpoint());
  }

  @Override
  protected List<String> expectedDenialDetails() {
    return List.of("to bucket 'netcost-forbidden' for no credentials (anonymous)");
  }

  @Test
  void messagesNameTheFullLocation() throws Exception {
    store().createExclusive("k", bytes("1"));

    assertThatThrownBy(() -> store().createExclusive("k", bytes("2")))
        .hasMessage(store().uri("k") + ": object already exists");
    assertThatThrownBy(() -> store().read("missing"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(store().uri("missing") + ": no such object");
  }

  @Test
  void aMissingBucketIsNamed() throws Exception {
    try (ObjectStore store = open("no-such-bucket", "", server.endpoint())) {
      assertThatThrownBy(() -> store.createExclusive("k", bytes("2")))
          .hasMessage(
              "Cannot create gs://no-such-bucket/k: bucket 'no-such-bucket' does not exist");
      assertThatThrownBy(() -> store.read("k"))
          .isNotInstanceOf(NoSuchFileException.class)
          .hasMessage("Cannot read gs://no-such-bucket/k: bucket 'no-such-bucket' does not exist");
    }
  }
}
