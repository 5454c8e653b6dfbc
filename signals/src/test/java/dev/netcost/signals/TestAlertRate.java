package dev.netcost.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.contract.Direction;
import dev.netcost.contract.IpAddresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the alert rate on realistic synthetic traffic (seeded, so the numbers are exact and
 * documented in docs/signals.md): 40 workloads over 30 days talking to SaaS and cloud services
 * whose addresses rotate inside their networks, log-normal daily volumes, weekend dips, a weekly
 * batch job, services adopted now and then, two new workloads, plus two injected incidents: the
 * origin-story miner (day 5) and an exfiltration-sized spike (day 20).
 */
class TestAlertRate {
  private static final LocalDate DAY_1 = LocalDate.parse("2026-10-01");
  private static final int DAYS = 30;
  private static final long MIB = 1024 * 1024;

  /** A service on the internet: one /16 of a synthetic ASN in a country. */
  private record Service(String network, String country, long asn, int port) {
    String address(Random random) {
      String[] parts = network.split("\\.");
      return parts[0]
          + "."
          + parts[1]
          + "."
          + random.nextInt(256)
          + "."
          + (1 + random.nextInt(254));
    }
  }

  private static final List<Service> SERVICES =
      List.of(
          new Service("52.216.0.0", "US", 64600, 443), // object storage
          new Service("54.230.0.0", "US", 64601, 443), // registry CDN
          new Service("151.101.0.0", "US", 64602, 443), // payments API
          new Service("34.120.0.0", "US", 64603, 443), // telemetry SaaS
          new Service("3.120.0.0", "DE", 64604, 443), // EU partner
          new Service("140.82.0.0", "US", 64605, 22), // git over ssh
          new Service("104.16.0.0", "US", 64606, 443), // adopted later
          new Service("18.184.0.0", "DE", 64607, 443)); // adopted later

  private static final class Workload {
    final WorkloadId id;
    final Set<Integer> services = new HashSet<>();
    final double baseBytes;
    final int startDay;

    Workload(WorkloadId id, double baseBytes, int startDay) {
      this.id = id;
      this.baseBytes = baseBytes;
      this.startDay = startDay;
    }
  }

  @TempDir Path directory;

  /** What one simulated month produced. */
  private record Measurement(
      Map<AlertKind, Integer> injected,
      Map<AlertKind, Integer> other,
      int suppressed,
      Map<Integer, Integer> perDay) {}

  @Test
  void alertRateOnRealisticSyntheticTraffic() throws Exception {
    Measurement plain = simulate(SignalsConfig.defaults(), true);
    assertThat(plain.injected())
        .isEqualTo(Map.of(AlertKind.NEW_DESTINATION_COUNTRY, 1, AlertKind.VOLUME_SPIKE, 1));
    // warm-up: every workload is new on day 1, nothing can alert before day 4
    assertThat(plain.perDay()).doesNotContainKeys(1, 2, 3);
    assertThat(plain.other())
        .isEqualTo(
            Map.of(
                AlertKind.NEW_DESTINATION_COUNTRY, 1,
                AlertKind.NEW_DESTINATION_ASN, 5,
                AlertKind.VOLUME_SPIKE, 3));
    assertThat(plain.suppressed()).isZero();

    // the three spikes are the weekly batch job: one suppression line silences them
    Measurement tuned =
        simulate(
            SignalsConfig.parse(
                "suppress = kind=volume_spike namespace=ns4 workload=app12 reason=weekly export job",
                "tuned"),
            true);
    assertThat(tuned.injected()).isEqualTo(plain.injected());
    assertThat(tuned.other())
        .isEqualTo(Map.of(AlertKind.NEW_DESTINATION_COUNTRY, 1, AlertKind.NEW_DESTINATION_ASN, 5));
    assertThat(tuned.suppressed()).isEqualTo(3);

    // without country/ASN databases the /16 stands in for the network owner: addresses rotating
    // inside a service's /16 stay quiet (alerting per new /24 gave 4734 alerts here)
    Measurement blind = simulate(SignalsConfig.parse("", "no geo"), false);
    assertThat(blind.injected()).isEqualTo(EXPECTED_BLIND_INJECTED);
    assertThat(blind.other()).isEqualTo(EXPECTED_BLIND_OTHER);
  }

  // the miner is still found, as a low new_destination_prefix (192.0.0.0/16 is new)
  private static final Map<AlertKind, Integer> EXPECTED_BLIND_INJECTED =
      Map.of(AlertKind.NEW_DESTINATION_PREFIX, 1, AlertKind.VOLUME_SPIKE, 1);
  // the same six adoptions, now at /16 level, and the three batch-job spikes
  private static final Map<AlertKind, Integer> EXPECTED_BLIND_OTHER =
      Map.of(AlertKind.NEW_DESTINATION_PREFIX, 6, AlertKind.VOLUME_SPIKE, 3);

  private Measurement simulate(SignalsConfig config, boolean withGeo) throws Exception {
    MmdbWriter countries = new MmdbWriter("Synthetic-Country");
    MmdbWriter asns = new MmdbWriter("Synthetic-ASN");
    for (Service service : SERVICES) {
      countries.insert(
          service.network() + "/16", Map.of("country", Map.of("iso_code", service.country())));
      asns.insert(
          service.network() + "/16",
          Map.of(
              "autonomous_system_number",
              service.asn(),
              "autonomous_system_organization",
              "AS" + service.asn()));
    }
    countries.insert(DemoGeoDatabases.BR_PREFIX, Map.of("country", Map.of("iso_code", "BR")));
    asns.insert(
        DemoGeoDatabases.BR_PREFIX,
        Map.of(
            "autonomous_system_number", 64502L, "autonomous_system_organization", "Example Pool"));
    Files.write(directory.resolve("country.mmdb"), countries.build(0));
    Files.write(directory.resolve("asn.mmdb"), asns.build(0));

    Random random = new Random(20261126L);
    List<Workload> workloads = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      WorkloadId id = new WorkloadId("prod", "ns" + (i % 8), "Deployment", "app" + i);
      double base = Math.exp(Math.log(10 * MIB) + random.nextDouble() * Math.log(500.0));
      Workload workload = new Workload(id, base, i == 38 ? 10 : i == 39 ? 18 : 1);
      int count = 1 + random.nextInt(4);
      while (workload.services.size() < count) {
        workload.services.add(random.nextInt(6));
      }
      workloads.add(workload);
    }
    Workload frontend = workloads.get(7);
    Workload api = workloads.get(3);
    Workload reports = workloads.get(12); // weekly batch: 30x on every 7th day

    Map<AlertKind, Integer> injected = new EnumMap<>(AlertKind.class);
    Map<AlertKind, Integer> other = new EnumMap<>(AlertKind.class);
    Map<Integer, Integer> perDay = new TreeMap<>();
    int suppressed = 0;
    List<String> otherLines = new ArrayList<>();
    try (MaxMindGeoLookup geo =
        MaxMindGeoLookup.open(
            Optional.of(directory.resolve("country.mmdb")),
            Optional.of(directory.resolve("asn.mmdb")))) {
      SignalEngine engine = new SignalEngine(config, withGeo ? geo : GeoLookup.NONE);
      SeenState state = SeenState.empty();
      List<DailyFlow> history = new ArrayList<>();
      Set<LocalDate> days = new HashSet<>();
      for (int day = 1; day <= DAYS; day++) {
        LocalDate date = DAY_1.plusDays(day - 1);
        List<DailyFlow> flows = new ArrayList<>();
        Map<WorkloadId, SignalEngine.WorkloadDay> present = new TreeMap<>();
        for (Workload workload : workloads) {
          if (day < workload.startDay) {
            continue;
          }
          if (random.nextDouble() < 0.01) {
            workload.services.add(random.nextInt(SERVICES.size())); // a service adopted
          }
          double volume = workload.baseBytes * Math.exp(0.25 * random.nextGaussian());
          if (date.getDayOfWeek().getValue() >= 6) {
            volume *= 0.6;
          }
          if (workload == reports && day % 7 == 0) {
            volume *= 30;
          }
          if (workload == api && day == 20) {
            volume *= 40;
          }
          present.put(
              workload.id,
              new SignalEngine.WorkloadDay(
                  "team" + workload.id.namespace(), date.atStartOfDay().toInstant(ZoneOffset.UTC)));
          List<Integer> services = new ArrayList<>(new java.util.TreeSet<>(workload.services));
          for (int service : services) {
            int addresses = 1 + random.nextInt(3);
            for (int a = 0; a < addresses; a++) {
              long sent = (long) (volume / services.size() / addresses);
              flows.add(
                  flow(
                      date,
                      workload,
                      SERVICES.get(service).address(random),
                      SERVICES.get(service).port(),
                      sent));
            }
          }
          if (workload == frontend && day >= 5) {
            flows.add(flow(date, workload, "192.0.2.66", 443, 4 * MIB));
          }
        }
        SignalEngine.DayResult result =
            engine.evaluate(
                date, present, flows, state, SignalEngine.VolumeHistory.of(history, days));
        state = result.stateAfter();
        history.addAll(flows);
        days.add(date);
        for (Alert alert : result.alerts()) {
          if (alert.suppressed()) {
            suppressed++;
            continue;
          }
          boolean isInjected =
              (alert.workload().equals(frontend.id) && day == 5)
                  || (alert.workload().equals(api.id) && day == 20);
          (isInjected ? injected : other).merge(alert.kind(), 1, Integer::sum);
          perDay.merge(day, 1, Integer::sum);
          if (!isInjected) {
            otherLines.add("day " + day + ": " + alert.line());
          }
        }
      }
    }
    int otherTotal = other.values().stream().mapToInt(Integer::intValue).sum();
    System.out.println(config.source() + " injected: " + injected);
    System.out.println(config.source() + " other: " + other + " total " + otherTotal);
    System.out.println(config.source() + " suppressed: " + suppressed + ", per day: " + perDay);
    otherLines.forEach(System.out::println);
    return new Measurement(injected, other, suppressed, perDay);
  }

  private static DailyFlow flow(LocalDate date, Workload workload, String ip, int port, long sent) {
    return new DailyFlow(
        date,
        workload.id,
        "team" + workload.id.namespace(),
        IpAddresses.canonical(ip),
        "tcp",
        port,
        Direction.OUTBOUND,
        sent,
        sent * 3,
        5,
        date.atTime(2, 0).toInstant(ZoneOffset.UTC));
  }
}
