package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * How the report is produced.
 *
 * @param clock gives the "generated at" time and today's date (today and later days of the month
 *     are "not yet processed", not missing)
 * @param chromium the headless Chromium used for the PDF; empty means {@code NETCOST_CHROMIUM},
 *     else {@code chromium}, {@code chromium-browser} or {@code google-chrome} on the PATH
 * @param pdf whether to print the PDF
 */
public record ReportOptions(Clock clock, Optional<Path> chromium, Pdf pdf) {
  public ReportOptions {
    requireNonNull(clock, "clock is null");
    requireNonNull(chromium, "chromium is null");
    requireNonNull(pdf, "pdf is null");
  }

  /** What to do about the PDF. */
  public enum Pdf {
    /** Print it when a Chromium is found; otherwise say so in {@link ReportResult#notes()}. */
    IF_AVAILABLE,
    /** Print it, or fail before any work when no Chromium is found. */
    REQUIRED,
    /** Do not print it. */
    SKIP
  }

  public static ReportOptions defaults() {
    return new ReportOptions(Clock.systemUTC(), Optional.empty(), Pdf.IF_AVAILABLE);
  }
}
