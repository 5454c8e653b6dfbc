package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sums of chargeback_monthly lines, exact, grouped the ways the outputs need. Every output takes
 * its numbers from here, so the report, the XLSX and the CSV tie out by construction.
 */
final class MonthTotals {
  /** A sum of lines. */
  record Sum(
      String key,
      long egressBytes,
      long ingressBytes,
      long unpricedBytes,
      BigDecimal egressCost,
      BigDecimal ingressCost,
      BigDecimal cost,
      Optional<BigDecimal> reconciledCost) {
    Sum {
      requireNonNull(key, "key is null");
      requireNonNull(cost, "cost is null");
      requireNonNull(reconciledCost, "reconciledCost is null");
    }

    long bytes() {
      return egressBytes + ingressBytes;
    }

    static Sum of(String key, List<MonthData.Line> lines) {
      long egress = 0;
      long ingress = 0;
      long unpriced = 0;
      BigDecimal egressCost = BigDecimal.ZERO.setScale(9);
      BigDecimal ingressCost = BigDecimal.ZERO.setScale(9);
      BigDecimal cost = BigDecimal.ZERO.setScale(9);
      Optional<BigDecimal> reconciled = Optional.empty();
      for (MonthData.Line line : lines) {
        egress = Math.addExact(egress, line.egressBytes());
        ingress = Math.addExact(ingress, line.ingressBytes());
        unpriced = Math.addExact(unpriced, line.unpricedBytes());
        egressCost = egressCost.add(line.egressCost());
        ingressCost = ingressCost.add(line.ingressCost());
        cost = cost.add(line.cost());
        if (line.reconciledCost().isPresent()) {
          reconciled =
              Optional.of(
                  reconciled.orElse(BigDecimal.ZERO.setScale(9)).add(line.reconciledCost().get()));
        }
      }
      return new Sum(key, egress, ingress, unpriced, egressCost, ingressCost, cost, reconciled);
    }
  }

  private final MonthData data;

  MonthTotals(MonthData data) {
    this.data = requireNonNull(data, "data is null");
  }

  Sum total() {
    return Sum.of("total", data.lines());
  }

  /** Teams, highest cost first (then name). */
  List<Sum> teams() {
    return group(data.lines(), MonthData.Line::team);
  }

  List<Sum> trafficClasses() {
    return group(data.lines(), MonthData.Line::trafficClass);
  }

  List<Sum> trafficClasses(String team) {
    return group(lines(line -> line.team().equals(team)), MonthData.Line::trafficClass);
  }

  /** Workloads (team, cluster, namespace, kind/name), highest cost first. */
  List<Sum> workloads(Predicate<MonthData.Line> filter) {
    return group(lines(filter), MonthTotals::workloadKey);
  }

  List<MonthData.Line> lines(Predicate<MonthData.Line> filter) {
    return data.lines().stream().filter(filter).toList();
  }

  static String workloadKey(MonthData.Line line) {
    return String.join(
        "\u0000",
        line.team(),
        line.cluster(),
        line.namespace(),
        line.workloadKind() + "/" + line.workload());
  }

  private static List<Sum> group(List<MonthData.Line> lines, Function<MonthData.Line, String> key) {
    Map<String, List<MonthData.Line>> groups = new LinkedHashMap<>();
    for (MonthData.Line line : lines) {
      groups.computeIfAbsent(key.apply(line), ignored -> new ArrayList<>()).add(line);
    }
    List<Sum> sums = new ArrayList<>();
    groups.forEach((name, members) -> sums.add(Sum.of(name, members)));
    sums.sort(
        Comparator.comparing(Sum::cost)
            .reversed()
            .thenComparing(Comparator.comparingLong(Sum::bytes).reversed())
            .thenComparing(Sum::key));
    return sums;
  }
}
