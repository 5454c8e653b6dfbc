package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * How the report is produced.
 *
 * @param clock gives the "generated at" time and today's date (days after yesterday are not counted
 *     as missing: the month is still running)
 * @param chromium the headless Chromium used for the PDF; empty means search the PATH for {@code
 *     chromium}, {@code chromium-browser}, {@code google-chrome} (or use {@code NETCOST_CHROMIUM})
 * @param requirePdf fail instead of skipping the PDF when no Chromium is found
 */
public record ReportOptions(Clock clock, Optional<Path> chromium, boolean requirePdf) {
  public ReportOptions {
    requireNonNull(clock, "clock is null");
    requireNonNull(chromium, "chromium is null");
  }

  public static ReportOptions defaults() {
    return new ReportOptions(Clock.systemUTC(), Optional.empty(), false);
  }
}
