package dev.netcost.job.nightly;

import static java.util.Objects.requireNonNull;

/** An input file the job set aside, with the reason; listed under quarantine/date=D/. */
public record RejectedFile(String path, String reason) {
  public RejectedFile {
    requireNonNull(path, "path is null");
    requireNonNull(reason, "reason is null");
  }
}
