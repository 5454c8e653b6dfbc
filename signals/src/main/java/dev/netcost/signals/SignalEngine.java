package dev.netcost.signals;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Direction;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The nightly row logic, free of Spark: from one day's internet flows, the first-seen state before
 * the day and the trailing daily volumes, the day's alerts and the state after the day.
 *
 * <p>Low noise by design: a destination alerts at its coarsest new level only (a new country, else
 * a new ASN, else a new prefix whose ASN is unknown: a new prefix of a known ASN is not news);
 * nothing new alerts before a workload has {@code warmup.days} days of traffic, except flagged
 * mining-pool and proxy ports; disallowed countries and ASNs alert whatever the warm-up.
 */
public final class SignalEngine {
  private final SignalsConfig config;
  private final GeoLookup geo;

  public SignalEngine(SignalsConfig config, GeoLookup geo) {
    this.config = requireNonNull(config, "config is null");
    this.geo = requireNonNull(geo, "geo is null");
  }

  /** A workload with any traffic (any class) on a day. */
  public record WorkloadDay(String team, Instant firstWindowStart) {
    public WorkloadDay {
      requireNonNull(team, "team is null");
      requireNonNull(firstWindowStart, "firstWindowStart is null");
    }
  }

  /** An outbound internet flow with its destination's prefix, country and ASN. */
  record EnrichedFlow(
      DailyFlow flow,
      String prefix,
      String network,
      Optional<String> country,
      Optional<AsInfo> asn) {
    static EnrichedFlow of(DailyFlow flow, GeoLookup geo) {
      String ip = flow.peerIp();
      return new EnrichedFlow(
          flow,
          DestinationNetworks.prefix(ip),
          DestinationNetworks.network(ip),
          geo.country(ip),
          geo.asn(ip));
    }
  }

  /**
   * Daily internet egress (sent bytes, both directions) per workload on each day of the baseline
   * window that has network_flows data; a workload absent on such a day sent 0 that day.
   */
  public record VolumeHistory(Map<LocalDate, Map<WorkloadId, Long>> egressBytesByDay) {
    public VolumeHistory {
      egressBytesByDay = Map.copyOf(requireNonNull(egressBytesByDay, "egressBytesByDay is null"));
    }

    public static VolumeHistory of(List<DailyFlow> flows, Set<LocalDate> daysWithData) {
      Map<LocalDate, Map<WorkloadId, Long>> byDay = new TreeMap<>();
      for (LocalDate day : daysWithData) {
        byDay.put(day, new TreeMap<>());
      }
      for (DailyFlow flow : flows) {
        Map<WorkloadId, Long> day = byDay.get(flow.date());
        if (day != null) {
          day.merge(flow.workload(), flow.sentBytes(), Math::addExact);
        }
      }
      return new VolumeHistory(byDay);
    }
  }

  public record DayResult(
      List<Alert> alerts, SeenState stateAfter, int workloadsInWarmup, long unknownCountryBytes) {}

  /**
   * Evaluates {@code date}. {@code before} is the state at the end of the previous day with data;
   * it is not modified.
   */
  public DayResult evaluate(
      LocalDate date,
      Map<WorkloadId, WorkloadDay> workloadsToday,
      List<DailyFlow> internetFlowsToday,
      SeenState before,
      VolumeHistory history) {
    requireNonNull(date, "date is null");
    requireNonNull(workloadsToday, "workloadsToday is null");
    requireNonNull(internetFlowsToday, "internetFlowsToday is null");
    requireNonNull(before, "before is null");
    requireNonNull(history, "history is null");
    for (DailyFlow flow : internetFlowsToday) {
      if (!flow.date().equals(date)) {
        throw new IllegalArgumentException("Flow of " + flow.date() + " evaluated for " + date);
      }
    }
    List<EnrichedFlow> outbound = enrich(internetFlowsToday);
    Map<WorkloadId, List<EnrichedFlow>> byWorkload = new TreeMap<>();
    long unknownCountryBytes = 0;
    for (EnrichedFlow flow : outbound) {
      byWorkload.computeIfAbsent(flow.flow().workload(), key -> new ArrayList<>()).add(flow);
      if (geo.hasCountries() && flow.country().isEmpty()) {
        unknownCountryBytes += flow.flow().sentBytes();
      }
    }
    Map<WorkloadId, String> teams = new TreeMap<>();
    workloadsToday.forEach((workload, day) -> teams.put(workload, day.team()));
    for (DailyFlow flow : internetFlowsToday) {
      teams.putIfAbsent(flow.workload(), flow.team());
    }

    List<Alert> alerts = new ArrayList<>();
    int inWarmup = 0;
    for (Map.Entry<WorkloadId, List<EnrichedFlow>> entry : byWorkload.entrySet()) {
      WorkloadId workload = entry.getKey();
      boolean warm = before.workloadDays(workload) >= config.warmupDays();
      if (!warm) {
        inWarmup++;
      }
      List<EnrichedFlow> flows = new ArrayList<>();
      for (EnrichedFlow flow : entry.getValue()) {
        if (!config.ignored(flow.flow().peerIp())) {
          flows.add(flow);
        }
      }
      destinationAlerts(date, workload, teams.get(workload), warm, flows, before, alerts);
    }
    spikeAlerts(date, internetFlowsToday, teams, before, history, alerts);

    List<Alert> kept = new ArrayList<>();
    for (Alert alert : alerts) {
      if (!alert.severity().atLeast(config.minSeverity())) {
        continue;
      }
      Alert result = alert;
      for (Suppression suppression : config.suppressions()) {
        if (suppression.matches(alert)) {
          result = alert.suppress(suppression.reason() + " (" + suppression.source() + ")");
          break;
        }
      }
      kept.add(result);
    }
    kept.sort(
        Comparator.comparing(Alert::severity)
            .reversed()
            .thenComparing(Alert::workload)
            .thenComparing(Alert::kind)
            .thenComparing(Alert::subject));

    SeenState after = before.copy();
    advance(after, date, workloadsToday, outbound);
    return new DayResult(List.copyOf(kept), after, inWarmup, unknownCountryBytes);
  }

  /** Adds one day to {@code state}: the workloads with traffic and their outbound destinations. */
  void advance(
      SeenState state,
      LocalDate date,
      Map<WorkloadId, WorkloadDay> workloadsToday,
      List<EnrichedFlow> outbound) {
    for (Map.Entry<WorkloadId, WorkloadDay> entry : workloadsToday.entrySet()) {
      state.observe(
          date,
          new SeenState.Key(entry.getKey(), SeenState.KeyKind.WORKLOAD, ""),
          entry.getValue().firstWindowStart());
    }
    for (EnrichedFlow enriched : outbound) {
      DailyFlow flow = enriched.flow();
      WorkloadId workload = flow.workload();
      Instant at = flow.firstWindowStart();
      // a workload with internet flows had traffic, even if the caller's list missed it
      state.observe(date, new SeenState.Key(workload, SeenState.KeyKind.WORKLOAD, ""), at);
      state.observe(
          date, new SeenState.Key(workload, SeenState.KeyKind.PREFIX, enriched.prefix()), at);
      state.observe(
          date, new SeenState.Key(workload, SeenState.KeyKind.NETWORK, enriched.network()), at);
      state.observe(date, new SeenState.Key(workload, SeenState.KeyKind.PORT, flow.portKey()), at);
      enriched
          .country()
          .ifPresent(
              code ->
                  state.observe(
                      date, new SeenState.Key(workload, SeenState.KeyKind.COUNTRY, code), at));
      enriched
          .asn()
          .ifPresent(
              asn ->
                  state.observe(
                      date,
                      new SeenState.Key(
                          workload, SeenState.KeyKind.ASN, Long.toString(asn.number())),
                      at));
    }
  }

  /** Replays a day without alerting: for rebuilding state from history. */
  public void replay(
      SeenState state,
      LocalDate date,
      Map<WorkloadId, WorkloadDay> workloadsOfDay,
      List<DailyFlow> internetFlowsOfDay) {
    advance(state, date, workloadsOfDay, enrich(internetFlowsOfDay));
  }

  private List<EnrichedFlow> enrich(List<DailyFlow> flows) {
    List<EnrichedFlow> out = new ArrayList<>();
    for (DailyFlow flow : flows) {
      if (flow.direction() != Direction.OUTBOUND) {
        continue; // an inbound peer is a client of ours, not a destination we chose
      }
      out.add(EnrichedFlow.of(flow, geo));
    }
    return out;
  }

  private void destinationAlerts(
      LocalDate date,
      WorkloadId workload,
      String team,
      boolean warm,
      List<EnrichedFlow> flows,
      SeenState before,
      List<Alert> alerts) {
    String namespace = workload.namespace();
    Optional<Set<String>> allowedCountries = config.allowedCountries(namespace);
    Optional<Set<Long>> allowedAsns = config.allowedAsns(namespace);
    // countries (and ASNs) already covered by a country-level alert today
    Set<String> coveredCountries = new HashSet<>();
    Set<Long> coveredAsns = new HashSet<>();
    // addresses named by a destination alert today: a new (unflagged) port to them is the same news
    Set<String> coveredAddresses = new HashSet<>();

    Map<String, List<EnrichedFlow>> byCountry = group(flows, flow -> flow.country().orElse(null));
    for (Map.Entry<String, List<EnrichedFlow>> group : byCountry.entrySet()) {
      String country = group.getKey();
      boolean isNew = !before.contains(workload, SeenState.KeyKind.COUNTRY, country);
      Evidence evidence = Evidence.of(group.getValue());
      Instant firstSeen = firstSeen(before, workload, SeenState.KeyKind.COUNTRY, country, evidence);
      if (allowedCountries.isPresent() && !allowedCountries.get().contains(country)) {
        coveredCountries.add(country);
        cover(coveredAddresses, group.getValue());
        alerts.add(
            evidence.alert(
                date,
                AlertKind.DISALLOWED_COUNTRY,
                AlertKind.DISALLOWED_COUNTRY.defaultSeverity(),
                workload,
                team,
                country,
                firstSeen,
                String.format(
                    "sent %s to %s, outside the allow-list of namespace %s (%s)%s; %s",
                    Bytes.human(evidence.egressBytes),
                    country,
                    namespace,
                    String.join(",", allowedCountries.get()),
                    isNew ? ", first seen today" : ", first seen " + firstSeen,
                    evidence.describeTop())));
      } else if (isNew && warm && evidence.totalBytes() >= config.newDestinationMinBytes()) {
        coveredCountries.add(country);
        cover(coveredAddresses, group.getValue());
        alerts.add(
            evidence.alert(
                date,
                AlertKind.NEW_DESTINATION_COUNTRY,
                AlertKind.NEW_DESTINATION_COUNTRY.defaultSeverity(),
                workload,
                team,
                country,
                firstSeen,
                String.format(
                    "first traffic to country %s: sent %s, received %s; %s",
                    country,
                    Bytes.human(evidence.egressBytes),
                    Bytes.human(evidence.ingressBytes),
                    evidence.describeTop())));
      } else if (isNew) {
        coveredCountries.add(country); // new but quiet (warm-up or small): no finer alerts either
      }
    }

    Map<Long, List<EnrichedFlow>> byAsn =
        group(flows, flow -> flow.asn().map(AsInfo::number).orElse(null));
    for (Map.Entry<Long, List<EnrichedFlow>> group : byAsn.entrySet()) {
      long asn = group.getKey();
      String key = Long.toString(asn);
      boolean isNew = !before.contains(workload, SeenState.KeyKind.ASN, key);
      Evidence evidence = Evidence.of(group.getValue());
      Instant firstSeen = firstSeen(before, workload, SeenState.KeyKind.ASN, key, evidence);
      boolean countryCovered =
          group.getValue().stream()
              .anyMatch(flow -> flow.country().map(coveredCountries::contains).orElse(false));
      if (allowedAsns.isPresent() && !allowedAsns.get().contains(asn)) {
        coveredAsns.add(asn);
        cover(coveredAddresses, group.getValue());
        alerts.add(
            evidence.alert(
                date,
                AlertKind.DISALLOWED_ASN,
                AlertKind.DISALLOWED_ASN.defaultSeverity(),
                workload,
                team,
                "AS" + asn,
                firstSeen,
                String.format(
                    "sent %s to AS%d %s, outside the ASN allow-list of namespace %s%s; %s",
                    Bytes.human(evidence.egressBytes),
                    asn,
                    evidence.top.asn().map(AsInfo::organization).orElse(""),
                    namespace,
                    isNew ? ", first seen today" : ", first seen " + firstSeen,
                    evidence.describeTop())));
      } else if (isNew
          && !countryCovered
          && warm
          && evidence.totalBytes() >= config.newDestinationMinBytes()) {
        coveredAsns.add(asn);
        cover(coveredAddresses, group.getValue());
        alerts.add(
            evidence.alert(
                date,
                AlertKind.NEW_DESTINATION_ASN,
                AlertKind.NEW_DESTINATION_ASN.defaultSeverity(),
                workload,
                team,
                "AS" + asn,
                firstSeen,
                String.format(
                    "first traffic to AS%d %s: sent %s, received %s; %s",
                    asn,
                    evidence.top.asn().map(AsInfo::organization).orElse(""),
                    Bytes.human(evidence.egressBytes),
                    Bytes.human(evidence.ingressBytes),
                    evidence.describeTop())));
      }
    }

    // without an ASN, the /16 (/32) stands in for the network owner: a new /24 inside a known
    // /16 is address rotation, not news
    Map<String, List<EnrichedFlow>> byNetwork = group(flows, EnrichedFlow::network);
    for (Map.Entry<String, List<EnrichedFlow>> group : byNetwork.entrySet()) {
      String network = group.getKey();
      if (before.contains(workload, SeenState.KeyKind.NETWORK, network) || !warm) {
        continue;
      }
      boolean decidedAbove =
          group.getValue().stream()
              .anyMatch(
                  flow ->
                      flow.asn().isPresent()
                          || flow.country().map(coveredCountries::contains).orElse(false));
      Evidence evidence = Evidence.of(group.getValue());
      if (decidedAbove || evidence.totalBytes() < config.newDestinationMinBytes()) {
        continue;
      }
      cover(coveredAddresses, group.getValue());
      alerts.add(
          evidence.alert(
              date,
              AlertKind.NEW_DESTINATION_PREFIX,
              AlertKind.NEW_DESTINATION_PREFIX.defaultSeverity(),
              workload,
              team,
              evidence.top.prefix(),
              evidence.firstWindowStart,
              String.format(
                  "first traffic to %s (network %s, no ASN known): sent %s, received %s; %s",
                  evidence.top.prefix(),
                  network,
                  Bytes.human(evidence.egressBytes),
                  Bytes.human(evidence.ingressBytes),
                  evidence.describeTop())));
    }

    Map<String, List<EnrichedFlow>> byPort =
        group(
            flows,
            flow ->
                flow.flow().serverPort() == 0 || !hasPorts(flow.flow().protocol())
                    ? null
                    : flow.flow().portKey());
    for (Map.Entry<String, List<EnrichedFlow>> group : byPort.entrySet()) {
      String portKey = group.getKey();
      if (before.contains(workload, SeenState.KeyKind.PORT, portKey)) {
        continue;
      }
      Evidence evidence = Evidence.of(group.getValue());
      int port = evidence.top.flow().serverPort();
      AlertKind kind;
      String what;
      if (config.miningPoolPorts().contains(port)) {
        kind = AlertKind.MINING_POOL_PORT;
        what = "a port mining pools use";
      } else if (config.proxyPorts().contains(port)) {
        kind = AlertKind.PROXY_PORT;
        what = "a proxy or Tor port";
      } else if (warm
          && evidence.totalBytes() >= config.newDestinationMinBytes()
          && !group.getValue().stream()
              .allMatch(flow -> coveredAddresses.contains(flow.flow().peerIp()))) {
        kind = AlertKind.NEW_PORT;
        what = "a new destination port";
      } else {
        continue;
      }
      alerts.add(
          evidence.alert(
              date,
              kind,
              kind.defaultSeverity(),
              workload,
              team,
              portKey,
              evidence.firstWindowStart,
              String.format(
                  "first traffic to %s, %s: sent %s, received %s in %d connections; %s",
                  portKey,
                  what,
                  Bytes.human(evidence.egressBytes),
                  Bytes.human(evidence.ingressBytes),
                  evidence.connections,
                  evidence.describeTop())));
    }
  }

  private static void cover(Set<String> addresses, List<EnrichedFlow> flows) {
    for (EnrichedFlow flow : flows) {
      addresses.add(flow.flow().peerIp());
    }
  }

  private static boolean hasPorts(String protocol) {
    return protocol.equals("tcp") || protocol.equals("udp") || protocol.equals("sctp");
  }

  private void spikeAlerts(
      LocalDate date,
      List<DailyFlow> internetFlowsToday,
      Map<WorkloadId, String> teams,
      SeenState before,
      VolumeHistory history,
      List<Alert> alerts) {
    Map<WorkloadId, List<EnrichedFlow>> byWorkload = new TreeMap<>();
    for (DailyFlow flow : internetFlowsToday) {
      byWorkload
          .computeIfAbsent(flow.workload(), key -> new ArrayList<>())
          .add(EnrichedFlow.of(flow, geo));
    }
    for (Map.Entry<WorkloadId, List<EnrichedFlow>> entry : byWorkload.entrySet()) {
      WorkloadId workload = entry.getKey();
      Evidence evidence = Evidence.of(entry.getValue());
      long today = evidence.egressBytes;
      Optional<SeenState.Entry> known =
          before.entry(new SeenState.Key(workload, SeenState.KeyKind.WORKLOAD, ""));
      if (known.isEmpty()) {
        continue;
      }
      LocalDate firstDay = known.get().firstSeen().atZone(ZoneOffset.UTC).toLocalDate();
      List<Long> values = new ArrayList<>();
      for (Map.Entry<LocalDate, Map<WorkloadId, Long>> day :
          new TreeMap<>(history.egressBytesByDay()).entrySet()) {
        LocalDate d = day.getKey();
        if (d.isBefore(date.minusDays(config.baselineDays()))
            || !d.isBefore(date)
            || d.isBefore(firstDay)) {
          continue;
        }
        values.add(day.getValue().getOrDefault(workload, 0L));
      }
      if (values.size() < config.minBaselineDays()) {
        continue;
      }
      long[] baseline = values.stream().mapToLong(Long::longValue).toArray();
      double median = RobustStatistics.median(baseline);
      double mad = RobustStatistics.medianAbsoluteDeviation(baseline);
      double scale =
          Math.max(RobustStatistics.MAD_TO_SIGMA * mad, config.spikeFloorFraction() * median);
      double threshold = median + config.spikeSigmas() * scale;
      if (today <= threshold || today - median < config.spikeMinIncreaseBytes()) {
        continue;
      }
      Severity severity = median == 0 || today >= 10 * median ? Severity.HIGH : Severity.MEDIUM;
      long medianBytes = Math.round(median);
      long thresholdBytes = (long) Math.ceil(threshold);
      Alert alert =
          evidence.alert(
              date,
              AlertKind.VOLUME_SPIKE,
              severity,
              workload,
              teams.get(workload),
              "",
              evidence.firstWindowStart,
              String.format(
                  "internet egress %s is %s the %d-day median %s (threshold %s, MAD %s); %s",
                  Bytes.human(today),
                  median == 0 ? "above" : String.format("%.1fx", today / median),
                  values.size(),
                  Bytes.human(medianBytes),
                  Bytes.human(thresholdBytes),
                  Bytes.human(Math.round(mad)),
                  evidence.describeTop()));
      alerts.add(
          new Alert(
              alert.date(),
              alert.severity(),
              alert.kind(),
              alert.workload(),
              alert.team(),
              alert.subject(),
              alert.destinationIp(),
              alert.destinationPrefix(),
              alert.protocol(),
              alert.destinationPort(),
              alert.countryCode(),
              alert.asn(),
              alert.asnOrganization(),
              alert.egressBytes(),
              alert.ingressBytes(),
              alert.connections(),
              medianBytes,
              thresholdBytes,
              alert.firstSeen(),
              alert.message(),
              false,
              null));
    }
  }

  private static Instant firstSeen(
      SeenState before,
      WorkloadId workload,
      SeenState.KeyKind kind,
      String value,
      Evidence evidence) {
    return before
        .entry(new SeenState.Key(workload, kind, value))
        .map(SeenState.Entry::firstSeen)
        .orElse(evidence.firstWindowStart);
  }

  private static <K extends Comparable<K>> Map<K, List<EnrichedFlow>> group(
      List<EnrichedFlow> flows, Function<EnrichedFlow, K> key) {
    Map<K, List<EnrichedFlow>> groups = new TreeMap<>();
    for (EnrichedFlow flow : flows) {
      K value = key.apply(flow);
      if (value != null) {
        groups.computeIfAbsent(value, ignored -> new ArrayList<>()).add(flow);
      }
    }
    return groups;
  }

  /** Sums over a group of flows, with the largest one as the named example. */
  private static final class Evidence {
    final EnrichedFlow top;
    final long egressBytes;
    final long ingressBytes;
    final long connections;
    final Instant firstWindowStart;

    private Evidence(
        EnrichedFlow top,
        long egressBytes,
        long ingressBytes,
        long connections,
        Instant firstWindowStart) {
      this.top = top;
      this.egressBytes = egressBytes;
      this.ingressBytes = ingressBytes;
      this.connections = connections;
      this.firstWindowStart = firstWindowStart;
    }

    static Evidence of(List<EnrichedFlow> flows) {
      EnrichedFlow top = null;
      long sent = 0;
      long received = 0;
      long connections = 0;
      Instant first = null;
      for (EnrichedFlow enriched : flows) {
        DailyFlow flow = enriched.flow();
        sent = Math.addExact(sent, flow.sentBytes());
        received = Math.addExact(received, flow.receivedBytes());
        connections = Math.addExact(connections, flow.connections());
        if (first == null || flow.firstWindowStart().isBefore(first)) {
          first = flow.firstWindowStart();
        }
        if (top == null || TOP.compare(enriched, top) < 0) {
          top = enriched;
        }
      }
      return new Evidence(top, sent, received, connections, first);
    }

    private static final Comparator<EnrichedFlow> TOP =
        Comparator.<EnrichedFlow>comparingLong(
                flow -> -(flow.flow().sentBytes() + flow.flow().receivedBytes()))
            .thenComparing(flow -> flow.flow().peerIp())
            .thenComparing(flow -> flow.flow().portKey());

    long totalBytes() {
      return egressBytes + ingressBytes;
    }

    String describeTop() {
      DailyFlow flow = top.flow();
      StringBuilder text = new StringBuilder("top destination ").append(flow.peerIp());
      if (hasPorts(flow.protocol())) {
        text.append(' ').append(flow.portKey());
      } else {
        text.append(' ').append(flow.protocol());
      }
      top.country().ifPresent(country -> text.append(' ').append(country));
      top.asn()
          .ifPresent(
              asn ->
                  text.append(" AS").append(asn.number()).append(' ').append(asn.organization()));
      return text.toString().strip();
    }

    Alert alert(
        LocalDate date,
        AlertKind kind,
        Severity severity,
        WorkloadId workload,
        String team,
        String subject,
        Instant firstSeen,
        String message) {
      DailyFlow flow = top.flow();
      return new Alert(
          date,
          severity,
          kind,
          workload,
          team,
          subject,
          flow.peerIp(),
          top.prefix(),
          flow.protocol(),
          hasPorts(flow.protocol()) ? flow.serverPort() : null,
          top.country().orElse(null),
          top.asn().map(AsInfo::number).orElse(null),
          top.asn().map(AsInfo::organization).orElse(null),
          egressBytes,
          ingressBytes,
          connections,
          null,
          null,
          firstSeen,
          message,
          false,
          null);
    }
  }
}
