package dev.netcost.signals;

import dev.netcost.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** One local[2] SparkSession for every test class of the module: the job's own configuration. */
final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.create("local[2]", "netcost-signals-tests");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
