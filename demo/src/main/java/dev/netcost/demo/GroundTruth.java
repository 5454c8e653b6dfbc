package dev.netcost.demo;

import static java.util.Objects.requireNonNull;

import dev.netcost.pricing.TrafficClass;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the generator knows by construction: bytes and cost per day, cluster, team, namespace,
 * workload and traffic class. Written next to the snapshots as {@code
 * ground-truth/date=D/chargeback.csv}; the tests compare the nightly job's chargeback_daily to it.
 */
public final class GroundTruth {
  /** One group's totals. {@code cost} is null when no byte of the group has a price. */
  public record Line(
      LocalDate date,
      String cluster,
      String team,
      String namespace,
      String workloadKind,
      String workload,
      TrafficClass trafficClass,
      long egressBytes,
      long ingressBytes,
      long unpricedBytes,
      BigDecimal cost) {
    public Line {
      requireNonNull(date, "date is null");
      requireNonNull(trafficClass, "trafficClass is null");
    }

    String key() {
      return String.join(
          "|",
          date.toString(),
          cluster,
          team,
          namespace,
          workloadKind,
          workload,
          trafficClass.wireName());
    }
  }

  private final Map<String, Line> lines = new TreeMap<>();
  private final Map<LocalDate, Map<String, Long>> internetEgress = new TreeMap<>();

  void addInternetEgress(LocalDate date, String region, long bytes) {
    internetEgress.computeIfAbsent(date, d -> new TreeMap<>()).merge(region, bytes, Long::sum);
  }

  /** Priced internet egress bytes per region (the billing scope of the ladders) on {@code date}. */
  public Map<String, Long> internetEgressBytes(LocalDate date) {
    return Map.copyOf(internetEgress.getOrDefault(date, Map.of()));
  }

  void add(
      LocalDate date,
      String cluster,
      String team,
      String namespace,
      String workloadKind,
      String workload,
      TrafficClass trafficClass,
      long egressBytes,
      long ingressBytes,
      BigDecimal cost) {
    Line line =
        new Line(
            date,
            cluster,
            team,
            namespace,
            workloadKind,
            workload,
            trafficClass,
            egressBytes,
            ingressBytes,
            cost == null ? egressBytes + ingressBytes : 0,
            cost);
    lines.merge(
        line.key(),
        line,
        (a, b) ->
            new Line(
                a.date(),
                a.cluster(),
                a.team(),
                a.namespace(),
                a.workloadKind(),
                a.workload(),
                a.trafficClass(),
                a.egressBytes() + b.egressBytes(),
                a.ingressBytes() + b.ingressBytes(),
                a.unpricedBytes() + b.unpricedBytes(),
                a.cost() == null
                    ? b.cost()
                    : b.cost() == null ? a.cost() : a.cost().add(b.cost())));
  }

  public List<Line> lines() {
    return List.copyOf(lines.values());
  }

  public List<Line> lines(LocalDate date) {
    List<Line> found = new ArrayList<>();
    for (Line line : lines.values()) {
      if (line.date().equals(date)) {
        found.add(line);
      }
    }
    return found;
  }

  static final List<String> HEADER =
      List.of(
          "date",
          "cluster",
          "team",
          "namespace",
          "workload_kind",
          "workload",
          "traffic_class",
          "egress_bytes",
          "ingress_bytes",
          "unpriced_bytes",
          "cost");

  /**
   * The CSV of one date: RFC 4180 with CRLF line ends, a header row, one row per group in key
   * order; {@code cost} in plain notation, empty when no byte of the group has a price.
   */
  public byte[] csv(LocalDate date) {
    List<String[]> rows = new ArrayList<>();
    for (Line line : lines(date)) {
      rows.add(
          new String[] {
            line.date().toString(),
            line.cluster(),
            line.team(),
            line.namespace(),
            line.workloadKind(),
            line.workload(),
            line.trafficClass().wireName(),
            Long.toString(line.egressBytes()),
            Long.toString(line.ingressBytes()),
            Long.toString(line.unpricedBytes()),
            line.cost() == null ? "" : line.cost().toPlainString()
          });
    }
    return DemoText.csv(HEADER, rows, "the ground truth of " + date);
  }
}
