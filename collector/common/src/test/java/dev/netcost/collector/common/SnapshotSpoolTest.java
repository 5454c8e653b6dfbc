package dev.netcost.collector.common;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.store.LocalObjectStore;
import dev.netcost.store.ObjectEntry;
import dev.netcost.store.ObjectStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotSpoolTest {
  @TempDir Path temp;

  /** A store that can be switched off: a hand-written fake around a real local store. */
  static final class FlakyStore implements ObjectStore {
    final LocalObjectStore delegate;
    boolean down;

    FlakyStore(Path root) {
      delegate = new LocalObjectStore(root);
    }

    @Override
    public URI root() {
      return delegate.root();
    }

    @Override
    public void createExclusive(String key, byte[] data) throws IOException {
      if (down) {
        throw new IOException("store unavailable");
      }
      delegate.createExclusive(key, data);
    }

    @Override
    public void createOrOverwrite(String key, byte[] data) throws IOException {
      throw new UnsupportedOperationException("not used by the spool");
    }

    @Override
    public byte[] read(String key) throws IOException {
      if (down) {
        throw new IOException("store unavailable");
      }
      return delegate.read(key);
    }

    @Override
    public List<ObjectEntry> list(String prefix) throws IOException {
      return delegate.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
      delegate.delete(key);
    }
  }

  private SnapshotSpool spool(ObjectStore store, long cap, Metrics metrics) throws IOException {
    return new SnapshotSpool(
        temp.resolve("spool"),
        store,
        cap,
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), new Random(1)),
        metrics);
  }

  @Test
  void uploadsAfterTheStoreComesBackAndNeverTwice() throws IOException {
    FlakyStore store = new FlakyStore(temp.resolve("store"));
    Metrics metrics = new Metrics();
    SnapshotSpool spool = spool(store, 1 << 20, metrics);
    store.down = true;
    spool.publish("flows/a/1.parquet", bytes("one"));
    spool.publish("flows/a/2.parquet", bytes("two"));
    assertThat(spool.uploadPending()).isZero();
    assertThat(spool.pendingKeys()).containsExactly("flows/a/1.parquet", "flows/a/2.parquet");
    assertThat(spool.spoolBytes()).isEqualTo(6);
    assertThat(metrics.value("netcost_uploads_total", "result", "failed")).isEqualTo(1);
    assertThat(spool.lastUploadError())
        .isEqualTo("flows/a/1.parquet: java.io.IOException: store unavailable");

    store.down = false;
    // a crash after the upload but before the local delete: the object is already there
    store.delegate.createExclusive("flows/a/1.parquet", bytes("one"));
    assertThat(spool.uploadPending()).isEqualTo(2);
    assertThat(spool.pendingKeys()).isEmpty();
    assertThat(store.list("flows/"))
        .extracting(ObjectEntry::key)
        .containsExactly("flows/a/1.parquet", "flows/a/2.parquet");
    assertThat(store.read("flows/a/2.parquet")).isEqualTo(bytes("two"));
    assertThat(metrics.value("netcost_uploads_total", "result", "ok")).isEqualTo(2);
  }

  @Test
  void capDropsTheOldestAndCountsIt() throws IOException {
    FlakyStore store = new FlakyStore(temp.resolve("store"));
    store.down = true;
    Metrics metrics = new Metrics();
    SnapshotSpool spool = spool(store, 10, metrics);
    spool.publish("k/1", bytes("aaaa"));
    age(spool, "k/1", 3);
    spool.publish("k/2", bytes("bbbb"));
    age(spool, "k/2", 2);
    spool.publish("k/3", bytes("cccc"));
    assertThat(spool.pendingKeys()).containsExactly("k/2", "k/3");
    assertThat(metrics.value("netcost_spool_dropped_snapshots_total")).isEqualTo(1);
    assertThat(metrics.value("netcost_spool_dropped_bytes_total")).isEqualTo(4);
    assertThat(metrics.value("netcost_spool_bytes")).isEqualTo(8);
  }

  @Test
  void republishingTheSameBytesIsANoOpAndDifferentBytesAreRefused() throws IOException {
    FlakyStore store = new FlakyStore(temp.resolve("store"));
    store.down = true;
    SnapshotSpool spool = spool(store, 100, new Metrics());
    spool.publish("k/1", bytes("same"));
    spool.publish("k/1", bytes("same"));
    assertThat(spool.pendingKeys()).containsExactly("k/1");
    assertThatThrownBy(() -> spool.publish("k/1", bytes("diff")))
        .hasMessage(
            "Spool conflict: "
                + temp.resolve("spool/outbox/k/1").toAbsolutePath()
                + " already holds a different snapshot for k/1");
  }

  @Test
  void conflictingObjectInTheStoreIsSetAsideNotOverwritten() throws IOException {
    FlakyStore store = new FlakyStore(temp.resolve("store"));
    Metrics metrics = new Metrics();
    SnapshotSpool spool = spool(store, 100, metrics);
    store.delegate.createExclusive("k/1", bytes("stored"));
    spool.publish("k/1", bytes("local"));
    assertThat(spool.uploadPending()).isZero();
    assertThat(spool.pendingKeys()).isEmpty();
    assertThat(store.read("k/1")).isEqualTo(bytes("stored"));
    assertThat(Files.readAllBytes(temp.resolve("spool/conflict/k/1"))).isEqualTo(bytes("local"));
    assertThat(metrics.value("netcost_upload_conflicts_total")).isEqualTo(1);
  }

  @Test
  void backgroundUploaderRetriesWithBackoff() throws Exception {
    FlakyStore store = new FlakyStore(temp.resolve("store"));
    store.down = true;
    Metrics metrics = new Metrics();
    SnapshotSpool spool = spool(store, 100, metrics);
    spool.start();
    spool.publish("k/1", bytes("x"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (metrics.value("netcost_uploads_total", "result", "failed") < 3) {
      assertThat(System.nanoTime()).as("three failed uploads within 60 s").isLessThan(deadline);
      Thread.sleep(5);
    }
    store.down = false;
    while (!spool.pendingKeys().isEmpty()) {
      assertThat(System.nanoTime()).as("spool drained within 60 s").isLessThan(deadline);
      Thread.sleep(5);
    }
    spool.close(Duration.ofSeconds(5));
    assertThat(store.read("k/1")).isEqualTo(bytes("x"));
    assertThat(metrics.value("netcost_uploads_total", "result", "ok")).isEqualTo(1);
  }

  @Test
  void backoffGrowsToItsCeiling() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), new Random(7));
    long[] ceilings = {1000, 2000, 4000, 8000, 8000};
    for (long ceiling : ceilings) {
      assertThat(backoff.nextDelay().toMillis()).isBetween(ceiling / 2, ceiling);
    }
    assertThatThrownBy(
            () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
        .hasMessage("max backoff PT1S is shorter than the initial backoff PT2S");
  }

  private void age(SnapshotSpool spool, String key, int minutes) throws IOException {
    Files.setLastModifiedTime(
        temp.resolve("spool/outbox").resolve(key),
        FileTime.from(Instant.now().minus(Duration.ofMinutes(minutes))));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
