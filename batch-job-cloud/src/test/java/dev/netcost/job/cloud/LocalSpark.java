package dev.netcost.job.cloud;

import dev.netcost.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** One local SparkSession for the test classes of this module, made as the job makes its own. */
final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSessions.create("local[2]", "netcost-cloud-tests");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
    }
    return session;
  }
}
