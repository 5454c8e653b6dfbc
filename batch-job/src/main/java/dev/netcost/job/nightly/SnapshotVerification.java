package dev.netcost.job.nightly;

import dev.netcost.contract.SnapshotFormat;
import dev.netcost.contract.SnapshotVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * Runs {@link SnapshotVerifier} over a listing's accepted files, spread over the executors (each
 * file is read once, whole): a file with a bad page CRC, a content digest mismatch, any decoding
 * error or a schema surprise moves to the rejected files with its reason, and the rest of the date
 * is processed. The scan can call {@link #verify(SnapshotFormat, FileSystem, Path)} per file.
 */
final class SnapshotVerification {
  private SnapshotVerification() {}

  static SnapshotCatalog.Listing verify(
      SparkSession spark, SnapshotFormat format, SnapshotCatalog.Listing listing) {
    if (listing.accepted().isEmpty()) {
      return listing;
    }
    List<String> paths = listing.accepted().stream().map(SnapshotCatalog.Snapshot::path).toList();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SerializableConfiguration configuration =
        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    int slices = Math.max(1, Math.min(paths.size(), context.defaultParallelism() * 4));
    Map<String, String> problems = new HashMap<>();
    for (Tuple2<String, String> problem :
        context
            .parallelize(paths, slices)
            .map(
                path -> {
                  Path file = new Path(path);
                  String reason =
                      verify(format, file.getFileSystem(configuration.value()), file).orElse(null);
                  return new Tuple2<>(path, reason);
                })
            .filter(result -> result._2() != null)
            .collect()) {
      problems.put(problem._1(), problem._2());
    }
    if (problems.isEmpty()) {
      return listing;
    }
    List<SnapshotCatalog.Snapshot> accepted = new ArrayList<>();
    List<RejectedFile> rejected = new ArrayList<>(listing.rejected());
    for (SnapshotCatalog.Snapshot snapshot : listing.accepted()) {
      String reason = problems.get(snapshot.path());
      if (reason == null) {
        accepted.add(snapshot);
      } else {
        rejected.add(new RejectedFile(snapshot.path(), reason));
      }
    }
    return new SnapshotCatalog.Listing(List.copyOf(accepted), List.copyOf(rejected));
  }

  /** The reason one file is not a good snapshot, or empty. */
  static java.util.Optional<String> verify(SnapshotFormat format, FileSystem fs, Path file) {
    byte[] bytes;
    try (InputStream in = fs.open(file)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      bytes = out.toByteArray();
    } catch (IOException e) {
      return java.util.Optional.of("cannot read the file: " + e.getMessage());
    }
    return SnapshotVerifier.verify(format, bytes);
  }
}
