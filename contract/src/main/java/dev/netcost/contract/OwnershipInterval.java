package dev.netcost.contract;

import static dev.netcost.contract.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of a metadata snapshot (format {@code metadata}, version 1): {@code ip} belonged to the
 * described owner during {@code [validFrom, validTo)}. An empty {@code validTo} means the owner
 * still held the address when the snapshot was written.
 *
 * <p>{@code team} is resolved by the snapshotter (namespace label, pod label or mapping file);
 * owners with no team carry {@link Sentinels#UNASSIGNED_TEAM}, never an empty value. {@code
 * labelsJson} is a JSON object with sorted keys. {@code listenPorts} lists the ports a hostNetwork
 * pod serves, as {@code proto/port} separated by commas (for example {@code tcp/9100,udp/8125}).
 */
public record OwnershipInterval(
    String cluster,
    String ip,
    OwnerKind kind,
    String ownerUid,
    Optional<String> namespace,
    Optional<String> pod,
    String workloadKind,
    String workload,
    String team,
    String labelsJson,
    Optional<String> node,
    Optional<String> zone,
    Optional<String> region,
    Optional<String> cloudInstanceId,
    Optional<String> listenPorts,
    Instant validFrom,
    Optional<Instant> validTo) {

  public OwnershipInterval {
    Checks.checkName(cluster, "cluster");
    ip = IpAddresses.canonical(ip);
    requireNonNull(kind, "kind is null");
    checkArgument(!requireNonNull(ownerUid, "ownerUid is null").isEmpty(), "ownerUid is empty");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(pod, "pod is null");
    checkArgument(
        !requireNonNull(workloadKind, "workloadKind is null").isEmpty(), "workloadKind is empty");
    checkArgument(!requireNonNull(workload, "workload is null").isEmpty(), "workload is empty");
    checkArgument(!requireNonNull(team, "team is null").isEmpty(), "team is empty");
    requireNonNull(labelsJson, "labelsJson is null");
    checkArgument(labelsJson.startsWith("{"), "labelsJson is not a JSON object: %s", labelsJson);
    requireNonNull(node, "node is null");
    requireNonNull(zone, "zone is null");
    requireNonNull(region, "region is null");
    requireNonNull(cloudInstanceId, "cloudInstanceId is null");
    requireNonNull(listenPorts, "listenPorts is null");
    requireNonNull(validFrom, "validFrom is null");
    requireNonNull(validTo, "validTo is null");
    validTo.ifPresent(
        to ->
            checkArgument(
                validFrom.isBefore(to), "interval is empty or reversed: %s to %s", validFrom, to));
  }

  /** Whether the owner held the address at {@code instant}. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(validFrom) && validTo.map(instant::isBefore).orElse(true);
  }
}
