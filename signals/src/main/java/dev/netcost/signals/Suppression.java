package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.IpPrefix;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One suppression rule: alerts matching every given field are still written to egress_alerts but
 * marked suppressed, and are neither counted as active nor sent to the webhook. Absent fields match
 * anything; cluster, namespace and workload accept {@code *} wildcards.
 *
 * @param until last day (inclusive) the rule applies; empty means forever
 */
public record Suppression(
    String source,
    Optional<AlertKind> kind,
    Optional<String> cluster,
    Optional<String> namespace,
    Optional<String> workload,
    Optional<String> country,
    Optional<Long> asn,
    Optional<IpPrefix> destination,
    Optional<Integer> port,
    Optional<LocalDate> until,
    String reason) {
  public Suppression {
    requireNonNull(source, "source is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(cluster, "cluster is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(workload, "workload is null");
    requireNonNull(country, "country is null");
    requireNonNull(asn, "asn is null");
    requireNonNull(destination, "destination is null");
    requireNonNull(port, "port is null");
    requireNonNull(until, "until is null");
    requireNonNull(reason, "reason is null");
  }

  /**
   * Parses {@code kind=new_port namespace=ci-* port=9050 until=2026-12-31 reason=any text}:
   * space-separated {@code field=value} pairs; {@code reason} comes last and takes the rest of the
   * line.
   */
  static Suppression parse(String text, String source) {
    Optional<AlertKind> kind = Optional.empty();
    Optional<String> cluster = Optional.empty();
    Optional<String> namespace = Optional.empty();
    Optional<String> workload = Optional.empty();
    Optional<String> country = Optional.empty();
    Optional<Long> asn = Optional.empty();
    Optional<IpPrefix> destination = Optional.empty();
    Optional<Integer> port = Optional.empty();
    Optional<LocalDate> until = Optional.empty();
    String reason = "";
    String rest = text.strip();
    while (!rest.isEmpty()) {
      int equals = rest.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            source + ": suppression field without '=': '" + rest + "'");
      }
      String field = rest.substring(0, equals).strip();
      String remainder = rest.substring(equals + 1);
      if (field.equals("reason")) {
        reason = remainder.strip();
        break;
      }
      int space = remainder.indexOf(' ');
      String value = space < 0 ? remainder : remainder.substring(0, space);
      rest = space < 0 ? "" : remainder.substring(space + 1).strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException(source + ": suppression field " + field + " is empty");
      }
      try {
        switch (field) {
          case "kind" -> kind = Optional.of(AlertKind.fromWireName(value));
          case "cluster" -> cluster = Optional.of(value);
          case "namespace" -> namespace = Optional.of(value);
          case "workload" -> workload = Optional.of(value);
          case "country" -> country = Optional.of(value.toUpperCase(Locale.ROOT));
          case "asn" -> asn = Optional.of(SignalsConfig.parseAsn(value));
          case "destination" -> destination = Optional.of(IpPrefix.parse(value));
          case "port" -> port = Optional.of(SignalsConfig.parsePort(value));
          case "until" -> until = Optional.of(LocalDate.parse(value));
          default ->
              throw new IllegalArgumentException(
                  "unknown suppression field: "
                      + field
                      + " (expected kind, cluster, namespace, workload, country, asn, destination,"
                      + " port, until or reason)");
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            source + ": invalid suppression field " + field + "=" + value + ": " + e.getMessage(),
            e);
      }
    }
    if (reason.isEmpty()) {
      throw new IllegalArgumentException(
          source + ": suppression needs a reason=... (last field) so the next reader knows why");
    }
    return new Suppression(
        source, kind, cluster, namespace, workload, country, asn, destination, port, until, reason);
  }

  public boolean matches(Alert alert) {
    if (until.isPresent() && alert.date().isAfter(until.get())) {
      return false;
    }
    return kind.map(value -> value == alert.kind()).orElse(true)
        && cluster.map(glob -> glob(glob, alert.workload().cluster())).orElse(true)
        && namespace.map(glob -> glob(glob, alert.workload().namespace())).orElse(true)
        && workload.map(glob -> glob(glob, alert.workload().workload())).orElse(true)
        && country.map(value -> value.equals(alert.countryCode())).orElse(true)
        && asn.map(value -> value.equals(alert.asn())).orElse(true)
        && destination
            .map(cidr -> alert.destinationIp() != null && cidr.contains(alert.destinationIp()))
            .orElse(true)
        && port.map(value -> value.equals(alert.destinationPort())).orElse(true);
  }

  private static boolean glob(String glob, String value) {
    StringBuilder regex = new StringBuilder();
    String[] parts = glob.split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.matches(regex.toString(), value);
  }
}
