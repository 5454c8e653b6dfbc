package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One row of the egress_alerts table. Destination fields are null where they do not apply (a
 * country-level alert still names its top destination address, prefix and port as evidence).
 *
 * @param egressBytes bytes the workload sent to the alerted destination(s) on {@code date} (for a
 *     volume spike: all its internet egress that day)
 * @param ingressBytes bytes received from them on {@code date}
 * @param baselineMedianBytes median daily internet egress over the baseline (spikes only)
 * @param thresholdBytes the spike threshold the day exceeded (spikes only)
 * @param firstSeen when the workload first reached this destination (earliest window_start of the
 *     first day); for a spike, the earliest window_start of the day
 */
public record Alert(
    LocalDate date,
    Severity severity,
    AlertKind kind,
    WorkloadId workload,
    String team,
    String subject,
    String destinationIp,
    String destinationPrefix,
    String protocol,
    Integer destinationPort,
    String countryCode,
    Long asn,
    String asnOrganization,
    long egressBytes,
    long ingressBytes,
    long connections,
    Long baselineMedianBytes,
    Long thresholdBytes,
    Instant firstSeen,
    String message,
    boolean suppressed,
    String suppressionReason) {
  public Alert {
    requireNonNull(date, "date is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(workload, "workload is null");
    requireNonNull(team, "team is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(firstSeen, "firstSeen is null");
    requireNonNull(message, "message is null");
    if (suppressed != (suppressionReason != null)) {
      throw new IllegalArgumentException("suppressionReason must be set exactly when suppressed");
    }
  }

  /**
   * Stable identifier: the same day, kind, workload and subject (country, ASN, prefix, port) give
   * the same id on every run.
   */
  public String alertId() {
    String key = date + "|" + kind.wireName() + "|" + workload + "|" + subject;
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  Alert suppress(String reason) {
    return new Alert(
        date,
        severity,
        kind,
        workload,
        team,
        subject,
        destinationIp,
        destinationPrefix,
        protocol,
        destinationPort,
        countryCode,
        asn,
        asnOrganization,
        egressBytes,
        ingressBytes,
        connections,
        baselineMedianBytes,
        thresholdBytes,
        firstSeen,
        message,
        true,
        reason);
  }

  /** One line for the nightly summary and Slack. */
  public String line() {
    return severity.wireName().toUpperCase(Locale.ROOT)
        + " "
        + kind.wireName()
        + " "
        + workload
        + " (team "
        + team
        + "): "
        + message;
  }
}
