package dev.netcost.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netcost.contract.Direction;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TestSignalEngine {
  private static final LocalDate DAY_1 = LocalDate.parse("2026-11-01");
  private static final long MIB = 1024 * 1024;
  private static final WorkloadId API = new WorkloadId("prod", "shop", "Deployment", "api");
  private static final WorkloadId WEB = new WorkloadId("prod", "web", "Deployment", "frontend");

  private static final FakeGeo GEO =
      new FakeGeo(true, true)
          .add("198.51.100.0/24", "US", 64500, "Example Cloud")
          .add("198.51.101.0/24", "US", 64500, "Example Cloud")
          .add("198.18.0.0/24", "US", 64510, "Other US Cloud")
          .add("203.0.113.0/24", "DE", 64501, "Example Hosting")
          .add("192.0.2.0/24", "BR", 64502, "Example Pool");

  /** Runs days in order, carrying the state like the nightly job; returns alerts per day. */
  private static final class Run {
    final SignalEngine engine;
    SeenState state = SeenState.empty();
    final List<DailyFlow> history = new ArrayList<>();
    final Set<LocalDate> days = new HashSet<>();

    Run(SignalsConfig config, GeoLookup geo) {
      engine = new SignalEngine(config, geo);
    }

    List<Alert> day(LocalDate date, List<DailyFlow> flows) {
      Map<WorkloadId, SignalEngine.WorkloadDay> workloads = new TreeMap<>();
      for (DailyFlow flow : flows) {
        workloads.merge(
            flow.workload(),
            new SignalEngine.WorkloadDay(flow.team(), flow.firstWindowStart()),
            (a, b) -> a.firstWindowStart().isBefore(b.firstWindowStart()) ? a : b);
      }
      SignalEngine.DayResult result =
          engine.evaluate(
              date, workloads, flows, state, SignalEngine.VolumeHistory.of(history, days));
      state = result.stateAfter();
      history.addAll(flows);
      days.add(date);
      return result.alerts();
    }
  }

  static DailyFlow out(
      LocalDate date, WorkloadId workload, String ip, int port, long sent, long received) {
    return new DailyFlow(
        date,
        workload,
        "team-" + workload.workload(),
        ip,
        "tcp",
        port,
        Direction.OUTBOUND,
        sent,
        received,
        10,
        date.atTime(1, 0).toInstant(ZoneOffset.UTC));
  }

  static List<DailyFlow> normalDay(LocalDate date) {
    return List.of(
        out(date, API, "198.51.100.10", 443, 40 * MIB, 400 * MIB),
        out(date, API, "203.0.113.5", 443, 2 * MIB, 3 * MIB),
        out(date, WEB, "198.51.100.20", 443, 10 * MIB, 20 * MIB));
  }

  @Test
  void originStoryFiresOnDayFiveNamingTheWorkloadAndNothingBefore() {
    Run run = new Run(SignalsConfig.defaults(), GEO);
    for (int day = 1; day <= 14; day++) {
      LocalDate date = DAY_1.plusDays(day - 1);
      List<DailyFlow> flows = new ArrayList<>(normalDay(date));
      if (day >= 5) {
        // the miner: a steady stream from the frontend pod to a country never reached before
        flows.add(
            new DailyFlow(
                date,
                WEB,
                "team-frontend",
                "192.0.2.66",
                "tcp",
                443,
                Direction.OUTBOUND,
                3 * MIB,
                MIB,
                24,
                date.atTime(day == 5 ? 13 : 0, 0).toInstant(ZoneOffset.UTC)));
      }
      List<Alert> alerts = run.day(date, flows);
      if (day == 5) {
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.kind()).isEqualTo(AlertKind.NEW_DESTINATION_COUNTRY);
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.workload()).isEqualTo(WEB);
        assertThat(alert.team()).isEqualTo("team-frontend");
        assertThat(alert.subject()).isEqualTo("BR");
        assertThat(alert.countryCode()).isEqualTo("BR");
        assertThat(alert.asn()).isEqualTo(64502L);
        assertThat(alert.asnOrganization()).isEqualTo("Example Pool");
        assertThat(alert.destinationIp()).isEqualTo("192.0.2.66");
        assertThat(alert.destinationPrefix()).isEqualTo("192.0.2.0/24");
        assertThat(alert.destinationPort()).isEqualTo(443);
        assertThat(alert.egressBytes()).isEqualTo(3_145_728L);
        assertThat(alert.ingressBytes()).isEqualTo(1_048_576L);
        assertThat(alert.connections()).isEqualTo(24L);
        assertThat(alert.firstSeen()).isEqualTo(Instant.parse("2026-11-05T13:00:00Z"));
        assertThat(alert.suppressed()).isFalse();
        assertThat(alert.message())
            .isEqualTo(
                "first traffic to country BR: sent 3.0 MiB, received 1.0 MiB; top destination"
                    + " 192.0.2.66 tcp/443 BR AS64502 Example Pool");
        assertThat(alert.line())
            .isEqualTo(
                "HIGH new_destination_country prod/web/Deployment/frontend (team team-frontend): "
                    + alert.message());
      } else {
        assertThat(alerts).as("day %d", day).isEmpty();
      }
    }
  }

  @Test
  void warmupSilencesNewDestinationsButNotMiningPoolPorts() {
    Run run = new Run(SignalsConfig.defaults(), GEO);
    assertThat(run.day(DAY_1, normalDay(DAY_1))).isEmpty();
    LocalDate day2 = DAY_1.plusDays(1);
    List<DailyFlow> flows = new ArrayList<>(normalDay(day2));
    flows.add(out(day2, WEB, "192.0.2.9", 443, MIB, MIB));
    flows.add(out(day2, API, "192.0.2.10", 3333, 5 * MIB, MIB));
    List<Alert> alerts = run.day(day2, flows);
    assertThat(alerts).extracting(Alert::kind).containsExactly(AlertKind.MINING_POOL_PORT);
    Alert alert = alerts.get(0);
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.workload()).isEqualTo(API);
    assertThat(alert.subject()).isEqualTo("tcp/3333");
    assertThat(alert.egressBytes()).isEqualTo(5 * MIB);
    assertThat(alert.message())
        .isEqualTo(
            "first traffic to tcp/3333, a port mining pools use: sent 5.0 MiB, received 1.0 MiB in"
                + " 10 connections; top destination 192.0.2.10 tcp/3333 BR AS64502 Example Pool");
    // day 3: the port is known now, nothing repeats; the BR country is known for both workloads
    LocalDate day3 = DAY_1.plusDays(2);
    List<DailyFlow> again = new ArrayList<>(normalDay(day3));
    again.add(out(day3, API, "192.0.2.10", 3333, 5 * MIB, MIB));
    assertThat(run.day(day3, again)).isEmpty();
  }

  @Test
  void proxyPortAndNewPortAfterWarmup() {
    Run run = new Run(SignalsConfig.defaults(), GEO);
    for (int day = 0; day < 3; day++) {
      assertThat(run.day(DAY_1.plusDays(day), normalDay(DAY_1.plusDays(day)))).isEmpty();
    }
    LocalDate date = DAY_1.plusDays(3);
    List<DailyFlow> flows = new ArrayList<>(normalDay(date));
    flows.add(out(date, API, "198.51.100.10", 9050, 1000, 2000));
    flows.add(out(date, API, "198.51.100.10", 8443, 3000, 4000));
    List<Alert> alerts = run.day(date, flows);
    assertThat(alerts)
        .extracting(Alert::kind, Alert::severity, Alert::subject, Alert::egressBytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                AlertKind.PROXY_PORT, Severity.HIGH, "tcp/9050", 1000L),
            org.assertj.core.groups.Tuple.tuple(
                AlertKind.NEW_PORT, Severity.LOW, "tcp/8443", 3000L));
  }

  @Test
  void newAsnInKnownCountryAndNoAlertForNewPrefixOfKnownAsn() {
    Run run = new Run(SignalsConfig.defaults(), GEO);
    for (int day = 0; day < 3; day++) {
      run.day(DAY_1.plusDays(day), normalDay(DAY_1.plusDays(day)));
    }
    LocalDate date = DAY_1.plusDays(3);
    List<DailyFlow> flows = new ArrayList<>(normalDay(date));
    flows.add(out(date, API, "198.51.101.7", 443, 7 * MIB, MIB)); // new prefix, known AS64500
    flows.add(out(date, API, "198.18.0.9", 443, 2 * MIB, MIB)); // new AS64510, known US
    List<Alert> alerts = run.day(date, flows);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).kind()).isEqualTo(AlertKind.NEW_DESTINATION_ASN);
    assertThat(alerts.get(0).subject()).isEqualTo("AS64510");
    assertThat(alerts.get(0).severity()).isEqualTo(Severity.MEDIUM);
    assertThat(alerts.get(0).egressBytes()).isEqualTo(2 * MIB);
  }

  @Test
  void withoutGeoNewPrefixesAlertAfterWarmupAndRespectMinBytes() {
    SignalsConfig config = SignalsConfig.parse("new_destination.min_bytes = 1000000", "test");
    Run run = new Run(config, GeoLookup.NONE);
    for (int day = 0; day < 3; day++) {
      assertThat(run.day(DAY_1.plusDays(day), normalDay(DAY_1.plusDays(day)))).isEmpty();
    }
    LocalDate date = DAY_1.plusDays(3);
    List<DailyFlow> flows = new ArrayList<>(normalDay(date));
    flows.add(out(date, WEB, "192.0.2.66", 443, 600_000, 400_000));
    flows.add(out(date, WEB, "198.18.0.1", 443, 500_000, 499_999)); // below min bytes
    flows.add(out(date, API, "198.51.77.3", 443, 5 * MIB, MIB)); // new /24 of a known /16
    List<Alert> alerts = run.day(date, flows);
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0);
    assertThat(alert.kind()).isEqualTo(AlertKind.NEW_DESTINATION_PREFIX);
    assertThat(alert.subject()).isEqualTo("192.0.2.0/24");
    assertThat(alert.message())
        .isEqualTo(
            "first traffic to 192.0.2.0/24 (network 192.0.0.0/16, no ASN known): sent 585.9 KiB,"
                + " received 390.6 KiB; top destination 192.0.2.66 tcp/443");
    assertThat(alert.countryCode()).isNull();
    assertThat(alert.asn()).isNull();
    assertThat(alert.egressBytes()).isEqualTo(600_000L);
    // below min bytes it is still remembered: no alert when it grows the next day
    LocalDate next = date.plusDays(1);
    List<DailyFlow> later = new ArrayList<>(normalDay(next));
    later.add(out(next, WEB, "198.18.0.1", 443, 50 * MIB, MIB));
    assertThat(run.day(next, later)).isEmpty();
  }

  @Test
  void disallowedCountryAlertsEveryDayEvenInWarmupWithOriginalFirstSeen() {
    SignalsConfig config =
        SignalsConfig.parse("allow.countries.* = US\nallow.countries.shop = US, DE", "test");
    Run run = new Run(config, GEO);
    List<Alert> first = run.day(DAY_1, normalDay(DAY_1));
    assertThat(first).isEmpty(); // shop may reach DE
    LocalDate day2 = DAY_1.plusDays(1);
    List<DailyFlow> flows = new ArrayList<>(normalDay(day2));
    flows.add(out(day2, WEB, "203.0.113.80", 443, 12345, 678));
    List<Alert> alerts = run.day(day2, flows);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).kind()).isEqualTo(AlertKind.DISALLOWED_COUNTRY);
    assertThat(alerts.get(0).workload()).isEqualTo(WEB);
    assertThat(alerts.get(0).egressBytes()).isEqualTo(12345L);
    assertThat(alerts.get(0).message())
        .isEqualTo(
            "sent 12.1 KiB to DE, outside the allow-list of namespace web (US), first seen today;"
                + " top destination 203.0.113.80 tcp/443 DE AS64501 Example Hosting");
    LocalDate day3 = DAY_1.plusDays(2);
    List<DailyFlow> flows3 = new ArrayList<>(normalDay(day3));
    flows3.add(out(day3, WEB, "203.0.113.80", 443, 100, 0));
    List<Alert> again = run.day(day3, flows3);
    assertThat(again).hasSize(1);
    assertThat(again.get(0).firstSeen()).isEqualTo(Instant.parse("2026-11-02T01:00:00Z"));
    assertThat(again.get(0).message()).contains("first seen 2026-11-02T01:00:00Z");
  }

  @Test
  void disallowedAsn() {
    SignalsConfig config = SignalsConfig.parse("allow.asns.shop = AS64500, 64501", "test");
    Run run = new Run(config, GEO);
    List<DailyFlow> flows = new ArrayList<>(normalDay(DAY_1));
    flows.add(out(DAY_1, API, "198.18.0.3", 443, 1, 2));
    List<Alert> alerts = run.day(DAY_1, flows);
    assertThat(alerts)
        .extracting(Alert::kind, Alert::subject)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertKind.DISALLOWED_ASN, "AS64510"));
  }

  @Test
  void volumeSpikeUsesMedianAndMadWithFloor() {
    Run run = new Run(SignalsConfig.defaults(), GeoLookup.NONE);
    long[] baselineMib = {100, 102, 98, 101, 99, 100, 103, 97, 100, 101, 99, 100, 102, 98};
    for (int day = 0; day < baselineMib.length; day++) {
      LocalDate date = DAY_1.plusDays(day);
      assertThat(
              run.day(
                  date, List.of(out(date, API, "198.51.100.10", 443, baselineMib[day] * MIB, 0))))
          .isEmpty();
    }
    // median 100 MiB, MAD 1 MiB: the floor (0.5 x median = 50 MiB) sets the scale:
    // threshold = 100 + 6 x 50 = 400 MiB; 399 MiB is quiet, 500 MiB is a spike
    LocalDate quiet = DAY_1.plusDays(14);
    assertThat(run.day(quiet, List.of(out(quiet, API, "198.51.100.10", 443, 399 * MIB, 0))))
        .isEmpty();
    LocalDate spike = DAY_1.plusDays(15);
    List<Alert> alerts =
        run.day(spike, List.of(out(spike, API, "198.51.100.10", 443, 500 * MIB, 7)));
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0);
    assertThat(alert.kind()).isEqualTo(AlertKind.VOLUME_SPIKE);
    assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
    // baseline of the spike day: days 2..15 = the list without its first 100, plus 399:
    // median (100 + 100) / 2, absolute deviations 0,0,0,1,1,1,1,2,2,2,2,3,3,299 -> MAD 1.5 MiB
    assertThat(alert.baselineMedianBytes()).isEqualTo(100 * MIB);
    assertThat(alert.thresholdBytes()).isEqualTo(400 * MIB);
    assertThat(alert.egressBytes()).isEqualTo(500 * MIB);
    assertThat(alert.ingressBytes()).isEqualTo(7L);
    assertThat(alert.message())
        .isEqualTo(
            "internet egress 500.0 MiB is 5.0x the 14-day median 100.0 MiB (threshold 400.0 MiB,"
                + " MAD 1.5 MiB); top destination 198.51.100.10 tcp/443");
    LocalDate huge = DAY_1.plusDays(16);
    List<Alert> high = run.day(huge, List.of(out(huge, API, "198.51.100.10", 443, 2000 * MIB, 0)));
    assertThat(high).extracting(Alert::severity).containsExactly(Severity.HIGH);
  }

  @Test
  void spikeNeedsMinimumBaselineDays() {
    Run run = new Run(SignalsConfig.defaults(), GeoLookup.NONE);
    for (int day = 0; day < 6; day++) {
      LocalDate date = DAY_1.plusDays(day);
      run.day(date, List.of(out(date, API, "198.51.100.10", 443, MIB, 0)));
    }
    LocalDate date = DAY_1.plusDays(6); // 6 baseline days < 7
    assertThat(run.day(date, List.of(out(date, API, "198.51.100.10", 443, 9000 * MIB, 0))))
        .isEmpty();
  }

  @Test
  void suppressionMarksMatchingAlertsAndMinSeverityDropsLowOnes() {
    SignalsConfig config =
        SignalsConfig.parse(
            "suppress = kind=new_destination_country namespace=w* country=BR until=2026-11-30"
                + " reason=known BR partner\nalerts.min_severity = medium",
            "signals.properties");
    Run run = new Run(config, GEO);
    for (int day = 0; day < 3; day++) {
      run.day(DAY_1.plusDays(day), normalDay(DAY_1.plusDays(day)));
    }
    LocalDate date = DAY_1.plusDays(3);
    List<DailyFlow> flows = new ArrayList<>(normalDay(date));
    flows.add(out(date, WEB, "192.0.2.66", 443, 10, 10));
    flows.add(out(date, API, "192.0.2.67", 8443, 10, 10)); // BR new for api too; port is low
    List<Alert> alerts = run.day(date, flows);
    assertThat(alerts)
        .extracting(Alert::workload, Alert::kind, Alert::suppressed, Alert::suppressionReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                API, AlertKind.NEW_DESTINATION_COUNTRY, false, null),
            org.assertj.core.groups.Tuple.tuple(
                WEB,
                AlertKind.NEW_DESTINATION_COUNTRY,
                true,
                "known BR partner (signals.properties line 1)"));
  }

  @Test
  void stateCountsEachDayOnceAndKeepsEarliestFirstSeen() {
    SeenState state = SeenState.empty();
    SeenState.Key key = new SeenState.Key(API, SeenState.KeyKind.COUNTRY, "US");
    state.observe(DAY_1, key, Instant.parse("2026-11-01T05:00:00Z"));
    state.observe(DAY_1, key, Instant.parse("2026-11-01T02:00:00Z"));
    state.observe(DAY_1.plusDays(1), key, Instant.parse("2026-11-02T00:00:00Z"));
    state.observe(DAY_1.plusDays(1), key, Instant.parse("2026-11-02T00:00:00Z"));
    assertThat(state.entry(key))
        .contains(new SeenState.Entry(Instant.parse("2026-11-01T02:00:00Z"), DAY_1.plusDays(1), 2));
  }

  @Test
  void rejectsFlowsOfAnotherDay() {
    SignalEngine engine = new SignalEngine(SignalsConfig.defaults(), GeoLookup.NONE);
    assertThatThrownBy(
            () ->
                engine.evaluate(
                    DAY_1.plusDays(1),
                    Map.of(),
                    normalDay(DAY_1),
                    SeenState.empty(),
                    SignalEngine.VolumeHistory.of(List.of(), Set.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Flow of 2026-11-01 evaluated for 2026-11-02");
  }

  @Test
  void inboundPeersAreNotDestinations() {
    Run run = new Run(SignalsConfig.defaults(), GEO);
    for (int day = 0; day < 3; day++) {
      run.day(DAY_1.plusDays(day), normalDay(DAY_1.plusDays(day)));
    }
    LocalDate date = DAY_1.plusDays(3);
    List<DailyFlow> flows = new ArrayList<>(normalDay(date));
    flows.add(
        new DailyFlow(
            date,
            API,
            "team-api",
            "192.0.2.1",
            "tcp",
            443,
            Direction.INBOUND,
            5000,
            100,
            1,
            date.atStartOfDay().toInstant(ZoneOffset.UTC)));
    assertThat(run.day(date, flows)).isEmpty();
  }

  @Test
  void newPortToANewlyAlertedDestinationIsOneAlertNotTwo() {
    Run run = new Run(SignalsConfig.defaults(), GEO);
    for (int day = 0; day < 3; day++) {
      run.day(DAY_1.plusDays(day), normalDay(DAY_1.plusDays(day)));
    }
    LocalDate date = DAY_1.plusDays(3);
    List<DailyFlow> flows = new ArrayList<>(normalDay(date));
    flows.add(out(date, API, "198.18.0.9", 22, 2 * MIB, MIB)); // new AS64510 on a new port
    assertThat(run.day(date, flows))
        .extracting(Alert::kind, Alert::subject)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertKind.NEW_DESTINATION_ASN, "AS64510"));
  }
}
