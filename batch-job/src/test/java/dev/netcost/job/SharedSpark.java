package dev.netcost.job;

import org.apache.spark.sql.SparkSession;

/** One local SparkSession for every test class in the fork, bound to 127.0.0.1. */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSessions.create("local[2]", "netcost-tests");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
    }
    return session;
  }
}
