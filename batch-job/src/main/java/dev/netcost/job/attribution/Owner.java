package dev.netcost.job.attribution;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.OwnerKind;
import dev.netcost.contract.OwnershipInterval;
import dev.netcost.contract.Sentinels;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An owner of an address during {@code [validFromMicros, validToMicros)}, in the compact form the
 * job broadcasts to every task. {@code validToMicros} is {@link Long#MAX_VALUE} for an interval
 * still open when the last snapshot was written. Optional text fields are null when absent.
 */
public record Owner(
    OwnerKind kind,
    String uid,
    String namespace,
    String pod,
    String workloadKind,
    String workload,
    String team,
    String node,
    String zone,
    String region,
    Set<String> listenPorts,
    long validFromMicros,
    long validToMicros)
    implements Serializable {

  public Owner {
    requireNonNull(kind, "kind is null");
    requireNonNull(uid, "uid is null");
    requireNonNull(workloadKind, "workloadKind is null");
    requireNonNull(workload, "workload is null");
    requireNonNull(team, "team is null");
    listenPorts = Set.copyOf(listenPorts);
    if (validFromMicros >= validToMicros) {
      throw new IllegalArgumentException(
          "interval is empty or reversed for "
              + uid
              + ": "
              + validFromMicros
              + " to "
              + validToMicros);
    }
  }

  public static Owner of(OwnershipInterval interval) {
    Set<String> ports =
        interval
            .listenPorts()
            .map(
                text ->
                    Arrays.stream(text.split(","))
                        .map(String::trim)
                        .filter(p -> !p.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
            .orElse(Set.of());
    return new Owner(
        interval.kind(),
        interval.ownerUid(),
        interval
            .namespace()
            .orElse(interval.kind() == OwnerKind.NODE ? Sentinels.NODE_NAMESPACE : null),
        interval.pod().orElse(null),
        interval.workloadKind(),
        interval.workload(),
        interval.team(),
        interval.node().orElse(null),
        interval.zone().orElse(null),
        interval.region().orElse(null),
        ports,
        micros(interval.validFrom()),
        interval.validTo().map(Owner::micros).orElse(Long.MAX_VALUE));
  }

  /** Whether this hostNetwork pod serves {@code protocol/port}. */
  public boolean listensOn(String protocol, int port) {
    return listenPorts.contains(protocol + "/" + port);
  }

  public Optional<String> zoneIfKnown() {
    return Optional.ofNullable(zone);
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
