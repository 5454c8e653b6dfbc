package dev.netcost.collector.common;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.FlowRecord;
import dev.netcost.contract.OwnershipInterval;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Encodes snapshots with {@link dev.netcost.contract.SnapshotWriter} loaded, each time, by a class
 * loader of its own that is dropped afterwards, so a long-running collector does not keep
 * parquet-java resident between windows. Writing one snapshot loads about 1,200 classes
 * (parquet-java, its shaded Jackson, which {@code ParquetMetadata} initialises, and its shaded
 * fastutil and Thrift): about 14 MiB of metaspace and symbols that a collector sealing one window
 * an hour would otherwise keep for good. Once the loader is unreachable, the next full collection
 * unloads those classes and the JVM returns their metaspace.
 *
 * <p>The bytes are exactly {@link dev.netcost.contract.SnapshotWriter}'s: the same class, only
 * loaded elsewhere. Rows cross as the contract's records, which the writer's loader takes from its
 * parent, like every class outside parquet-java and the writer's own (so {@code zstd-jni} and its
 * native library are loaded once, by the application class loader).
 */
public final class SnapshotEncoder {
  // a name, not a class literal: the literal would load the writer in this class's own loader
  private static final String WRITER_CLASS = "dev.netcost.contract.SnapshotWriter";

  private SnapshotEncoder() {}

  /**
   * {@link dev.netcost.contract.SnapshotWriter#writeFlows}, in a class loader dropped afterwards.
   */
  public static byte[] writeFlows(List<FlowRecord> rows, String writer) {
    return invoke("writeFlows", rows, writer);
  }

  /**
   * {@link dev.netcost.contract.SnapshotWriter#writeMetadata}, in a class loader dropped
   * afterwards.
   */
  public static byte[] writeMetadata(List<OwnershipInterval> rows, String writer) {
    return invoke("writeMetadata", rows, writer);
  }

  private static byte[] invoke(String method, List<?> rows, String writer) {
    requireNonNull(rows, "rows is null");
    requireNonNull(writer, "writer is null");
    WriterClassLoader loader = new WriterClassLoader(SnapshotEncoder.class.getClassLoader());
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Method write =
          Class.forName(WRITER_CLASS, true, loader).getMethod(method, List.class, String.class);
      return (byte[]) write.invoke(null, rows, writer);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("SnapshotWriter." + method + " failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot load SnapshotWriter." + method, e);
    } finally {
      thread.setContextClassLoader(context);
    }
  }

  /**
   * Defines parquet-java and the contract's writer classes itself (from the bytes its parent would
   * load them from), and leaves every other class to its parent.
   */
  static final class WriterClassLoader extends ClassLoader {
    private static final List<String> OWN_PREFIXES =
        List.of(
            "org.apache.parquet.",
            "shaded.parquet.",
            "org.locationtech.jts.",
            "dev.netcost.contract.SnapshotWriter",
            "dev.netcost.contract.SnapshotFormat",
            "dev.netcost.contract.FlowSchema",
            "dev.netcost.contract.MetadataSchema",
            "dev.netcost.contract.ZstdCodecFactory");

    /**
     * Taken from the parent. parquet-java lists a column chunk's encodings in the order of a
     * HashSet of these enum constants (their identity hash codes); contract's SnapshotWriter sorts
     * those lists in the footer, so the bytes no longer depend on it, and the shared enum is one
     * small class fewer per window.
     */
    private static final String SHARED_ENUM = "org.apache.parquet.column.Encoding";

    static {
      registerAsParallelCapable();
    }

    WriterClassLoader(ClassLoader parent) {
      super("snapshot-writer", requireNonNull(parent, "parent is null"));
    }

    static boolean own(String name) {
      if (name.equals(SHARED_ENUM) || name.startsWith(SHARED_ENUM + "$")) {
        return false;
      }
      for (String prefix : OWN_PREFIXES) {
        if (name.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!own(name)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          String resource = name.replace('.', '/') + ".class";
          try (InputStream in = getParent().getResourceAsStream(resource)) {
            if (in == null) {
              throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            loaded = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
