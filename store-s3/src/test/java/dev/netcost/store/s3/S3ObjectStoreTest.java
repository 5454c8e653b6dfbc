package dev.netcost.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.store.AbstractRemoteObjectStoreTest;
import dev.netcost.store.ObjectStore;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The contract and the faults against S3Proxy, in-process, which enforces If-None-Match. */
final class S3ObjectStoreTest extends AbstractRemoteObjectStoreTest {
  private static final String BUCKET = "netcost-test";
  private static final AtomicInteger ROOTS = new AtomicInteger();

  private static S3Proxy proxy;
  private static URI endpoint;

  /** One S3Proxy for the class (its JUnit extension would start one per test). */
  @BeforeAll
  static void startS3Proxy(@TempDir Path directory) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toString());
    properties.setProperty("jclouds.identity", "netcost-access");
    properties.setProperty("jclouds.credential", "netcost-secret");
    proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("transient-nio2", properties))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "netcost-access", "netcost-secret")
            .endpoint(URI.create("http://127.0.0.1:0"))
            .build();
    proxy.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!proxy.getState().equals("STARTED")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start within 60 s: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    try (S3Client client =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(credentials("netcost-access", "netcost-secret"))
            .build()) {
      client.createBucket(request -> request.bucket(BUCKET));
    }
  }

  @AfterAll
  static void stopS3Proxy() throws Exception {
    proxy.stop();
  }

  private static S3Settings settings(URI endpoint) {
    return new S3Settings(Optional.of(endpoint), true, 2, TEST_LIST_PAGE_SIZE);
  }

  private static StaticCredentialsProvider credentials(String accessKey, String secretKey) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
  }

  @Override
  protected ObjectStore createStore() {
    return S3ObjectStoreProvider.open(
        S3Location.of(BUCKET, "run-" + ROOTS.incrementAndGet() + "/netcost"),
        settings(endpoint()),
        credentials("netcost-access", "netcost-secret"));
  }

  @Override
  protected URI endpoint() {
    return endpoint;
  }

  @Override
  protected ObjectStore reopen(ObjectStore store, URI endpoint) {
    return S3ObjectStoreProvider.open(
        S3Location.parse(store.root()),
        settings(endpoint),
        credentials("netcost-access", "netcost-secret"));
  }

  @Override
  protected ObjectStore createStoreWithoutPermission() {
    return S3ObjectStoreProvider.open(
        S3Location.of(BUCKET, "denied"),
        settings(endpoint()),
        credentials("intruder", "not-the-secret"));
  }

  @Override
  protected List<String> expectedDenialDetails() {
    return List.of(
        "to bucket 'netcost-test' for access key intruder from StaticCredentialsProvider");
  }

  @Test
  void objectsLandUnderThePrefixInTheBucket() throws Exception {
    store().createExclusive("flows/a", bytes("abc"));

    String prefix = store().root().getPath().substring(1);
    try (S3Client client =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(credentials("netcost-access", "netcost-secret"))
            .build()) {
      assertThat(
              client
                  .getObjectAsBytes(request -> request.bucket(BUCKET).key(prefix + "/flows/a"))
                  .asUtf8String())
          .isEqualTo("abc");
    }
    assertThat(store().uri("flows/a"))
        .isEqualTo(URI.create("s3://" + BUCKET + "/" + prefix + "/flows/a"));
  }

  @Test
  void aSiblingPrefixIsNotListed() throws Exception {
    ObjectStore store = createStoreAt("sibling/a");
    ObjectStore sibling = createStoreAt("sibling/ab");
    try (store;
        sibling) {
      sibling.createExclusive("x", bytes("x"));

      assertThat(store.list("")).isEmpty();
      assertThatThrownBy(() -> store.read("x"))
          .isInstanceOf(NoSuchFileException.class)
          .hasMessage("s3://netcost-test/sibling/a/x: no such object");
    }
  }

  @Test
  void messagesNameTheFullLocation() throws Exception {
    store().createExclusive("k", bytes("1"));

    assertThatThrownBy(() -> store().createExclusive("k", bytes("2")))
        .hasMessage(store().uri("k") + ": object already exists");
  }

  @Test
  void aMissingBucketIsNamed() throws Exception {
    try (ObjectStore store =
        S3ObjectStoreProvider.open(
            S3Location.of("no-such-bucket", ""),
            settings(endpoint()),
            credentials("netcost-access", "netcost-secret"))) {
      assertThatThrownBy(() -> store.createExclusive("k", bytes("2")))
          .hasMessage(
              "Cannot create s3://no-such-bucket/k: bucket 'no-such-bucket' does not exist");
    }
  }

  private ObjectStore createStoreAt(String prefix) {
    return S3ObjectStoreProvider.open(
        S3Location.of(BUCKET, prefix),
        settings(endpoint()),
        credentials("netcost-access", "netcost-secret"));
  }
}
