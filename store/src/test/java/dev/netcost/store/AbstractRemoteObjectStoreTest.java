package dev.netcost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract plus the faults of a store behind a network: the service is down, the connection
 * breaks in the middle of an upload, the identity in use lacks permission.
 */
public abstract class AbstractRemoteObjectStoreTest extends AbstractObjectStoreTest {
  /** The service endpoint the stores of {@link #createStore()} talk to. */
  protected abstract URI endpoint();

  /**
   * A store with the same root as {@code store} whose requests go to {@code endpoint} instead (a
   * dead port, or a {@link CuttingProxy} in front of the service), with SDK retries kept short.
   */
  protected abstract ObjectStore reopen(ObjectStore store, URI endpoint) throws Exception;

  /** A store whose identity is not allowed to use its bucket or container. */
  protected abstract ObjectStore createStoreWithoutPermission() throws Exception;

  /** Texts the access-denied message must contain: the bucket, and the identity in use. */
  protected abstract List<String> expectedDenialDetails();

  @Test
  void unreachableStoreFailsWithAClearIOException() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = socket.getLocalPort();
    }
    URI dead = URI.create("http://127.0.0.1:" + deadPort);
    try (ObjectStore down = reopen(store(), dead)) {
      String expected = "Cannot reach 127.0.0.1:" + deadPort;

      assertThatThrownBy(() -> down.createExclusive("flows/x", bytes("x")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(expected)
          .hasMessageContaining(down.uri("flows/x").toString());
      assertThatThrownBy(() -> down.read("flows/x"))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(NoSuchFileException.class)
          .hasMessageContaining(expected)
          .hasMessageContaining(down.uri("flows/x").toString());
      assertThatThrownBy(() -> down.list("flows/"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(expected)
          .hasMessageContaining(down.root() + "/flows/");
      assertThatThrownBy(() -> down.delete("flows/x"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(expected);
    }
  }

  @Test
  void interruptedUploadLeavesNoPartialObject() throws Exception {
    byte[] large = new byte[1024 * 1024];
    new Random(7).nextBytes(large);
    byte[] previous = bytes("the previous version");
    store().createExclusive("kept", previous);

    try (CuttingProxy proxy = new CuttingProxy(endpoint(), 64 * 1024);
        ObjectStore cut = reopen(store(), proxy.endpoint())) {
      assertThatThrownBy(() -> cut.createExclusive("interrupted", large))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(cut.uri("interrupted").toString());
      assertThatThrownBy(() -> cut.createOrOverwrite("kept", large))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(cut.uri("kept").toString());
      assertThat(proxy.cuts()).isGreaterThanOrEqualTo(2);
    }

    assertThatThrownBy(() -> store().read("interrupted"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("interrupted");
    assertThat(store().read("kept")).isEqualTo(previous);
    assertThat(store().list("")).extracting(ObjectEntry::key).containsExactly("kept");
  }

  @Test
  void permissionDeniedNamesTheBucketAndTheIdentity() throws Exception {
    try (ObjectStore denied = createStoreWithoutPermission()) {
      var write = assertThatThrownBy(() -> denied.createExclusive("flows/x", bytes("x")));
      write
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining(denied.uri("flows/x").toString());
      var read = assertThatThrownBy(() -> denied.read("flows/x"));
      read.isInstanceOf(AccessDeniedException.class);
      var list = assertThatThrownBy(() -> denied.list(""));
      list.isInstanceOf(AccessDeniedException.class);
      for (String detail : expectedDenialDetails()) {
        write.hasMessageContaining(detail);
        read.hasMessageContaining(detail);
        list.hasMessageContaining(detail);
      }
    }
  }
}
