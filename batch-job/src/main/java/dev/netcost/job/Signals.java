package dev.netcost.job;

import dev.netcost.signals.EgressSignals;
import dev.netcost.signals.SignalsConfig;
import dev.netcost.signals.SignalsResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** Runs the egress security signals after a night's tables are written, and prints the summary. */
final class Signals {
  private Signals() {}

  static SignalsConfig config(Path file) {
    return file == null ? SignalsConfig.defaults() : SignalsConfig.load(file);
  }

  static SignalsResult run(
      SparkSession spark, String storeRoot, LocalDate date, SignalsConfig config, PrintStream out) {
    SignalsResult result = EgressSignals.run(spark, storeRoot, date, config);
    out.printf("  egress signals: %d alerts%n", result.activeAlerts().size());
    for (String line : result.summary()) {
      out.println("    " + line.strip());
    }
    return result;
  }
}
