package dev.netcost.report;

import dev.netcost.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** One local SparkSession for every test class in the JVM: the job's own configuration. */
final class TestingSpark {
  private static SparkSession session;

  private TestingSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.create("local[2]", "netcost-reporting-tests");
    }
    return session;
  }
}
