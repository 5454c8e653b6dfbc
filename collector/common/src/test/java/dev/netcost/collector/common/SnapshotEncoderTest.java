package dev.netcost.collector.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.Direction;
import dev.netcost.contract.FlowRecord;
import dev.netcost.contract.Protocol;
import dev.netcost.contract.SnapshotWriter;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotEncoderTest {
  private static final Instant START = Instant.parse("2026-11-01T07:00:00Z");

  private static FlowRecord row(long sentBytes, Optional<String> preNat) {
    return new FlowRecord(
        "prod",
        "node-a",
        START,
        START.plusSeconds(3600),
        "10.0.1.5",
        "2001:db8::1",
        preNat,
        Optional.empty(),
        Protocol.TCP,
        443,
        Direction.OUTBOUND,
        sentBytes,
        42,
        7,
        3,
        2);
  }

  @Test
  void writesExactlyTheBytesOfTheWriterLoadedByTheApplication() {
    List<FlowRecord> rows =
        List.of(row(123_456_789_012L, Optional.of("172.20.0.10")), row(1, Optional.empty()));
    byte[] expected = SnapshotWriter.writeFlows(rows, "test");
    for (int i = 0; i < 5; i++) { // a new loader each time: the same bytes every time
      assertThat(SnapshotEncoder.writeFlows(rows, "test")).isEqualTo(expected);
    }
    assertThat(SnapshotEncoder.writeFlows(List.of(), "test"))
        .isEqualTo(SnapshotWriter.writeFlows(List.of(), "test"));
  }

  @Test
  void parquetIsLoadedByTheWritersLoaderAndUnloadedWithIt() throws Exception {
    WeakReference<ClassLoader> dropped = loadAndDrop();
    for (int i = 0; i < 20 && dropped.get() != null; i++) {
      System.gc();
      Thread.sleep(50);
    }
    assertThat(dropped.get()).as("the writer's class loader after a full collection").isNull();
  }

  private static WeakReference<ClassLoader> loadAndDrop() throws Exception {
    ClassLoader parent = SnapshotEncoderTest.class.getClassLoader();
    SnapshotEncoder.WriterClassLoader loader = new SnapshotEncoder.WriterClassLoader(parent);
    Class<?> writer = Class.forName("dev.netcost.contract.SnapshotWriter", true, loader);
    assertThat(writer.getClassLoader()).isSameAs(loader);
    assertThat(writer).isNotSameAs(SnapshotWriter.class);
    assertThat(loader.loadClass("org.apache.parquet.hadoop.ParquetWriter").getClassLoader())
        .isSameAs(loader);
    // the rows' types and the native compressor come from the parent
    assertThat(loader.loadClass(FlowRecord.class.getName())).isSameAs(FlowRecord.class);
    assertThat(loader.loadClass("com.github.luben.zstd.Zstd").getClassLoader()).isSameAs(parent);
    assertThat(loader.loadClass("org.apache.parquet.column.Encoding").getClassLoader())
        .isSameAs(parent);
    byte[] bytes =
        (byte[])
            writer
                .getMethod("writeFlows", List.class, String.class)
                .invoke(null, List.of(row(5, Optional.empty())), "test");
    assertThat(bytes)
        .isEqualTo(SnapshotWriter.writeFlows(List.of(row(5, Optional.empty())), "test"));
    return new WeakReference<>(loader);
  }
}
