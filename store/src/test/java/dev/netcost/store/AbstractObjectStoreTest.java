package dev.netcost.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ObjectStore} adapter must meet, run against each of them (local
 * directory, S3 through S3Proxy, GCS through a JSON-API fake, Azure Blob through Azurite). A
 * subclass supplies fresh, empty stores; each call to {@link #createStore()} must return a store
 * with a root of its own (a new directory or a new prefix in a shared bucket).
 */
public abstract class AbstractObjectStoreTest {
  /** Page size adapters should use in tests, so that listing crosses several pages. */
  protected static final int TEST_LIST_PAGE_SIZE = 7;

  private final List<ObjectStore> opened = new ArrayList<>();
  private ObjectStore store;

  /** A new store with a root of its own, containing no objects. */
  protected abstract ObjectStore createStore() throws Exception;

  protected final ObjectStore store() {
    return store;
  }

  /** Opens another fresh store, closed after the test. */
  protected final ObjectStore openStore() throws Exception {
    ObjectStore created = createStore();
    opened.add(created);
    return created;
  }

  @BeforeEach
  final void openTheStore() throws Exception {
    store = openStore();
  }

  @AfterEach
  final void closeStores() throws IOException {
    for (ObjectStore each : opened) {
      each.close();
    }
    opened.clear();
  }

  @Test
  void createExclusiveThenReadReturnsTheSameBytes() throws IOException {
    store.createExclusive("flows/a.parquet", bytes("hello, object store"));

    assertThat(store.read("flows/a.parquet")).isEqualTo(bytes("hello, object store"));
  }

  @Test
  void createExclusiveRefusesAnExistingObjectAndKeepsIt() throws IOException {
    store.createExclusive("flows/a.parquet", bytes("first"));

    assertThatThrownBy(() -> store.createExclusive("flows/a.parquet", bytes("second")))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("flows/a.parquet");
    assertThat(store.read("flows/a.parquet")).isEqualTo(bytes("first"));
    assertThat(store.list(""))
        .extracting(ObjectEntry::key, ObjectEntry::sizeBytes)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("flows/a.parquet", 5L));
  }

  @Test
  void createExclusiveSucceedsAgainAfterDelete() throws IOException {
    store.createExclusive("k", bytes("one"));
    store.delete("k");
    store.createExclusive("k", bytes("three"));

    assertThat(store.read("k")).isEqualTo(bytes("three"));
  }

  @Test
  void racingCreateExclusiveHasExactlyOneWinner() throws Exception {
    int writers = 6;
    ExecutorService executor = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int writer = 0; writer < writers; writer++) {
        byte[] content = bytes("writer " + writer);
        Callable<Boolean> attempt =
            () -> {
              start.await();
              try {
                store.createExclusive("race/object", content);
                return true;
              } catch (FileAlreadyExistsException e) {
                return false;
              }
            };
        results.add(executor.submit(attempt));
      }
      start.countDown();
      List<Integer> winners = new ArrayList<>();
      for (int writer = 0; writer < writers; writer++) {
        if (results.get(writer).get(2, TimeUnit.MINUTES)) {
          winners.add(writer);
        }
      }

      assertThat(winners).hasSize(1);
      assertThat(store.read("race/object")).isEqualTo(bytes("writer " + winners.get(0)));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void createOrOverwriteCreatesThenReplaces() throws IOException {
    store.createOrOverwrite("tables/chargeback_daily/_manifest", bytes("version 1"));
    assertThat(store.read("tables/chargeback_daily/_manifest")).isEqualTo(bytes("version 1"));

    store.createOrOverwrite("tables/chargeback_daily/_manifest", bytes("v2"));

    assertThat(store.read("tables/chargeback_daily/_manifest")).isEqualTo(bytes("v2"));
    assertThat(store.list("tables/")).extracting(ObjectEntry::sizeBytes).containsExactly(2L);
  }

  @Test
  void readOfAMissingObjectNamesIt() {
    assertThatThrownBy(() -> store.read("flows/missing.parquet"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("flows/missing.parquet");
  }

  @Test
  void emptyObjectRoundTrips() throws IOException {
    store.createExclusive("empty", new byte[0]);

    assertThat(store.read("empty")).isEmpty();
    assertThat(store.list(""))
        .extracting(ObjectEntry::key, ObjectEntry::sizeBytes)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("empty", 0L));
  }

  @Test
  void binaryContentRoundTripsToTheByte() throws IOException {
    byte[] everyByte = new byte[256];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    byte[] large = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(large);

    store.createExclusive("binary/every-byte", everyByte);
    store.createOrOverwrite("binary/large", large);

    assertThat(store.read("binary/every-byte")).isEqualTo(everyByte);
    assertThat(store.read("binary/large")).isEqualTo(large);
    assertThat(store.list("binary/"))
        .extracting(ObjectEntry::key, ObjectEntry::sizeBytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("binary/every-byte", 256L),
            org.assertj.core.groups.Tuple.tuple("binary/large", 3L * 1024 * 1024 + 17));
  }

  @Test
  void listMatchesByPrefixAndSortsByKey() throws IOException {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofSeconds(5));
    store.createExclusive("flows/b/1", bytes("b1"));
    store.createExclusive("flows/a/2", bytes("a2-"));
    store.createExclusive("flows/a/1", bytes("a1"));
    store.createExclusive("flowsx/1", bytes("x"));
    store.createExclusive("metadata/m", bytes("meta"));
    Instant after = Instant.now().plus(Duration.ofSeconds(5));

    assertThat(store.list("flows/"))
        .extracting(ObjectEntry::key, ObjectEntry::sizeBytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("flows/a/1", 2L),
            org.assertj.core.groups.Tuple.tuple("flows/a/2", 3L),
            org.assertj.core.groups.Tuple.tuple("flows/b/1", 2L));
    assertThat(store.list("flows"))
        .extracting(ObjectEntry::key)
        .containsExactly("flows/a/1", "flows/a/2", "flows/b/1", "flowsx/1");
    assertThat(store.list("flows/a/1")).extracting(ObjectEntry::key).containsExactly("flows/a/1");
    assertThat(store.list("flows/a/"))
        .extracting(ObjectEntry::key)
        .containsExactly("flows/a/1", "flows/a/2");
    assertThat(store.list(""))
        .extracting(ObjectEntry::key)
        .containsExactly("flows/a/1", "flows/a/2", "flows/b/1", "flowsx/1", "metadata/m");
    assertThat(store.list("nothing/")).isEmpty();
    assertThat(store.list(""))
        .allSatisfy(entry -> assertThat(entry.lastModified()).isBetween(before, after));
  }

  @Test
  void keysWithSpecialCharactersRoundTrip() throws IOException {
    List<String> keys =
        List.of(
            "tables/network_flows/date=2026-01-01/part 0+1.parquet",
            "unicode/\u00e9t\u00e9 \u20ac.bin",
            "odd/100%25 & a~b,c;d@e'f!(g)$h.txt",
            "odd/question?hash#colon:.txt");
    for (int i = 0; i < keys.size(); i++) {
      store.createExclusive(keys.get(i), bytes("object " + i));
    }

    for (int i = 0; i < keys.size(); i++) {
      assertThat(store.read(keys.get(i))).isEqualTo(bytes("object " + i));
      assertThat(store.uri(keys.get(i)).toString()).startsWith(store.root().toString());
    }
    assertThat(store.list(""))
        .extracting(ObjectEntry::key)
        .containsExactlyElementsOf(keys.stream().sorted().toList());
    assertThat(store.list("tables/network_flows/date=2026-01-01/"))
        .extracting(ObjectEntry::key)
        .containsExactly("tables/network_flows/date=2026-01-01/part 0+1.parquet");
    store.delete(keys.get(0));
    assertThat(store.list("tables/")).isEmpty();
  }

  @Test
  void listReturnsEveryObjectAcrossPages() throws IOException {
    int count = 3 * TEST_LIST_PAGE_SIZE + 2;
    for (int i = count - 1; i >= 0; i--) {
      store.createExclusive("many/%03d".formatted(i), bytes("object " + i));
    }

    List<ObjectEntry> entries = store.list("many/");

    assertThat(entries)
        .extracting(ObjectEntry::key)
        .containsExactlyElementsOf(
            IntStream.range(0, count).mapToObj("many/%03d"::formatted).toList());
    assertThat(entries.stream().mapToLong(ObjectEntry::sizeBytes).sum())
        .isEqualTo(IntStream.range(0, count).map(i -> ("object " + i).length()).sum());
  }

  @Test
  void storesWithDifferentRootsDoNotSeeEachOther() throws Exception {
    ObjectStore other = openStore();
    store.createExclusive("shared/key", bytes("mine"));
    other.createExclusive("shared/key", bytes("theirs"));
    other.createExclusive("only/theirs", bytes("t"));

    assertThat(store.read("shared/key")).isEqualTo(bytes("mine"));
    assertThat(other.read("shared/key")).isEqualTo(bytes("theirs"));
    assertThat(store.list("")).extracting(ObjectEntry::key).containsExactly("shared/key");
    assertThat(store.root()).isNotEqualTo(other.root());
  }

  @Test
  void deleteRemovesTheObjectAndIgnoresMissingOnes() throws IOException {
    store.createExclusive("d/keep", bytes("keep"));
    store.createExclusive("d/drop", bytes("drop"));

    store.delete("d/drop");
    store.delete("d/drop");
    store.delete("d/never-existed");

    assertThat(store.list("d/")).extracting(ObjectEntry::key).containsExactly("d/keep");
    assertThatThrownBy(() -> store.read("d/drop"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("d/drop");
  }

  @Test
  void invalidKeysAreRejectedBeforeAnyRequest() {
    for (String key : List.of("/absolute", "dir/", "a//b", "a/../b", "..", "back\\slash", "")) {
      assertThatThrownBy(() -> store.createExclusive(key, bytes("x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Invalid object key: '" + key + "'");
      assertThatThrownBy(() -> store.read(key))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Invalid object key: '" + key + "'");
    }
    assertThatThrownBy(() -> store.createExclusive("k", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("data is null");
    assertThatThrownBy(() -> store.list(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("prefix is null");
  }

  @Test
  void uriOfAKeyIsTheRootFollowedByTheKey() {
    String root = store.root().toString();
    String base = root.endsWith("/") ? root : root + "/";

    assertThat(store.uri("flows/date=2026-01-01/part-0.parquet").toString())
        .isEqualTo(base + "flows/date=2026-01-01/part-0.parquet");
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
