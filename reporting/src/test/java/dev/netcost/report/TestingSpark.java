package dev.netcost.report;

import org.apache.spark.sql.SparkSession;

/** One local SparkSession for every test class in the JVM, bound to loopback. */
final class TestingSpark {
  private static SparkSession session;

  private TestingSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("netcost-reporting-tests")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
              .getOrCreate();
    }
    return session;
  }
}
