package dev.netcost.job;

import dev.netcost.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** One local SparkSession for every test class in the fork, bound to 127.0.0.1. */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    // a test that runs a whole command in-process (InvariantsTest runs `netcost demo`) ends with
    // the command stopping the active session: the next test class gets a new one
    if (session == null || session.sparkContext().isStopped()) {
      boolean first = session == null;
      session = SparkSessions.create("local[2]", "netcost-tests");
      if (first) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
      }
    }
    return session;
  }
}
