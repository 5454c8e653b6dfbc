package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Money;
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
  private static final BigDecimal ZERO = Money.zero();

  /**
   * A sum of lines. {@code cost} (and its egress and ingress parts) is the estimate summed over the
   * priced lines; {@code priced} says whether any line had a price, so an estimate of nothing but
   * unpriced traffic is empty, never zero.
   */
  record Sum(
      String key,
      long egressBytes,
      long ingressBytes,
      long unpricedBytes,
      BigDecimal egressCost,
      BigDecimal ingressCost,
      BigDecimal cost,
      boolean priced,
      Optional<BigDecimal> reconciledCost) {
    Sum {
      requireNonNull(key, "key is null");
      requireNonNull(cost, "cost is null");
      requireNonNull(reconciledCost, "reconciledCost is null");
    }

    long bytes() {
      return egressBytes + ingressBytes;
    }

    /** The estimate (showback); empty when no line had a price. */
    Optional<BigDecimal> estimate() {
      return priced ? Optional.of(cost) : Optional.empty();
    }

    /**
     * Reconciled minus estimate; empty unless both exist (no estimate: the unattributed line, or
     * nothing but unpriced traffic). The total's is the bill minus the estimate.
     */
    Optional<BigDecimal> variance() {
      return priced
          ? reconciledCost.map(reconciled -> reconciled.subtract(cost))
          : Optional.empty();
    }

    static Sum of(String key, List<MonthData.Line> lines) {
      long egress = 0;
      long ingress = 0;
      long unpriced = 0;
      BigDecimal egressCost = ZERO;
      BigDecimal ingressCost = ZERO;
      BigDecimal cost = ZERO;
      boolean priced = false;
      Optional<BigDecimal> reconciled = Optional.empty();
      for (MonthData.Line line : lines) {
        egress = Math.addExact(egress, line.egressBytes());
        ingress = Math.addExact(ingress, line.ingressBytes());
        unpriced = Math.addExact(unpriced, line.unpricedBytes());
        egressCost = egressCost.add(line.egressCost().orElse(ZERO));
        ingressCost = ingressCost.add(line.ingressCost().orElse(ZERO));
        if (line.cost().isPresent()) {
          cost = cost.add(line.cost().get());
          priced = true;
        }
        if (line.reconciledCost().isPresent()) {
          reconciled = Optional.of(reconciled.orElse(ZERO).add(line.reconciledCost().get()));
        }
      }
      return new Sum(
          key, egress, ingress, unpriced, egressCost, ingressCost, cost, priced, reconciled);
    }
  }

  private final MonthData data;

  MonthTotals(MonthData data) {
    this.data = requireNonNull(data, "data is null");
  }

  /** Every line, the unattributed ones included: its reconciled cost is the month's bill. */
  Sum total() {
    return sum("total", data.lines());
  }

  /** The owners' lines only (no {@code __unattributed__}): the chargeback. */
  Sum owners() {
    return sum("owners", lines(line -> !line.unattributed()));
  }

  /** The {@code __unattributed__} lines, when the month has any. */
  Optional<Sum> unattributed() {
    List<MonthData.Line> lines = lines(MonthData.Line::unattributed);
    return lines.isEmpty()
        ? Optional.empty()
        : Optional.of(Sum.of(MonthReader.UNATTRIBUTED_TEAM, lines));
  }

  /**
   * Teams, highest {@link #amount} first (then estimate, bytes, name). The {@code __unattributed__}
   * pseudo-owner is not a team: see {@link #unattributed()}.
   */
  List<Sum> teams() {
    return group(lines(line -> !line.unattributed()), MonthData.Line::team);
  }

  /** Traffic classes of the owners' lines (the estimate's classes). */
  List<Sum> trafficClasses() {
    return group(lines(line -> !line.unattributed()), MonthData.Line::trafficClass);
  }

  List<Sum> trafficClasses(String team) {
    return group(lines(line -> line.team().equals(team)), MonthData.Line::trafficClass);
  }

  /** Workloads (team, cluster, namespace, kind/name), highest amount first. */
  List<Sum> workloads(Predicate<MonthData.Line> filter) {
    return group(lines(filter.and(line -> !line.unattributed())), MonthTotals::workloadKey);
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

  /**
   * What a sum is ranked and headlined by: the chargeback (reconciled cost) when the month is fully
   * reconciled, else the estimate.
   */
  BigDecimal amount(Sum sum) {
    return data.reconciliation().complete() ? sum.reconciledCost().orElse(ZERO) : sum.cost();
  }

  /**
   * A group's sum. In a fully reconciled month a group none of whose lines the bill covered (only
   * unbilled traffic, such as same-zone) is charged back nothing: its reconciled cost is zero, not
   * absent.
   */
  private Sum sum(String key, List<MonthData.Line> lines) {
    Sum sum = Sum.of(key, lines);
    if (sum.reconciledCost().isEmpty() && data.reconciliation().complete()) {
      return new Sum(
          sum.key(),
          sum.egressBytes(),
          sum.ingressBytes(),
          sum.unpricedBytes(),
          sum.egressCost(),
          sum.ingressCost(),
          sum.cost(),
          sum.priced(),
          Optional.of(ZERO));
    }
    return sum;
  }

  private List<Sum> group(List<MonthData.Line> lines, Function<MonthData.Line, String> key) {
    Map<String, List<MonthData.Line>> groups = new LinkedHashMap<>();
    for (MonthData.Line line : lines) {
      groups.computeIfAbsent(key.apply(line), ignored -> new ArrayList<>()).add(line);
    }
    List<Sum> sums = new ArrayList<>();
    groups.forEach((name, members) -> sums.add(sum(name, members)));
    sums.sort(
        Comparator.comparing(this::amount)
            .reversed()
            .thenComparing(Comparator.comparing(Sum::cost).reversed())
            .thenComparing(Comparator.comparingLong(Sum::bytes).reversed())
            .thenComparing(Sum::key));
    return sums;
  }
}
