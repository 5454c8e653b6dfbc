package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Sentinels;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds the report's view from the month's numbers and renders reports/templates/report.ftlh. */
final class HtmlReport {
  static final String TEMPLATE = "report.ftlh";
  static final int TOP_WORKLOADS = 10;
  static final int TEAM_WORKLOADS = 8;
  static final int TREND_TEAMS = 5;
  static final int UNATTRIBUTED_SOURCES = 5;
  private static final String[] TEAM_COLORS = {
    "#1f5f8b", "#4a90c2", "#8cc0de", "#e0a43a", "#a4508b", "#9aa5b1"
  };
  private static final DateTimeFormatter GENERATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final MonthData data;
  private final MonthTotals totals;
  private final Instant generatedAt;

  HtmlReport(MonthData data, Instant generatedAt) {
    this.data = requireNonNull(data, "data is null");
    this.totals = new MonthTotals(data);
    this.generatedAt = requireNonNull(generatedAt, "generatedAt is null");
  }

  static String classColor(String trafficClass) {
    return switch (trafficClass) {
      case "same_zone" -> "#3f8f6b";
      case "cross_zone" -> "#e0a43a";
      case "cross_region" -> "#d2691e";
      case "internet" -> "#b8383b";
      case "private" -> "#4a7fb0";
      case "unknown" -> "#8a94a0";
      default -> "#6b6f76";
    };
  }

  String render() {
    return render(view());
  }

  /** One HTML file per team holding only that team's statement, keyed by team. */
  java.util.Map<String, String> renderTeams() {
    ReportView.Report report = view();
    java.util.Map<String, String> files = new LinkedHashMap<>();
    for (ReportView.TeamPage page : report.teamPages()) {
      files.put(page.team(), render(report.forTeam(page)));
    }
    return files;
  }

  private static String render(ReportView.Report report) {
    Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
    configuration.setClassForTemplateLoading(HtmlReport.class, "templates");
    configuration.setDefaultEncoding("UTF-8");
    configuration.setOutputEncoding("UTF-8");
    configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    configuration.setLogTemplateExceptions(false);
    configuration.setWrapUncheckedExceptions(true);
    configuration.setFallbackOnNullLoopVariable(false);
    configuration.setObjectWrapper(
        new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
    try {
      Template template = configuration.getTemplate(TEMPLATE);
      StringWriter out = new StringWriter();
      template.process(Map.of("report", report), out);
      return out.toString();
    } catch (IOException | TemplateException e) {
      throw new IllegalStateException(
          "Cannot render report template " + TEMPLATE + ": " + e.getMessage(), e);
    }
  }

  ReportView.Report view() {
    String currency = data.currency();
    String none = "\u2014";
    MonthTotals.Sum total = totals.total();
    MonthSummary summary = MonthSummary.of(data);
    boolean reconciledMonth = data.reconciliation().complete();
    Optional<MonthData.Previous> previous = data.previous();
    List<MonthTotals.Sum> teams = totals.teams();
    BigDecimal headline = summary.headline(data);

    List<ReportView.TeamRow> teamRows = new ArrayList<>();
    for (MonthTotals.Sum team : teams) {
      Optional<BigDecimal> before =
          previous.map(p -> p.teamCosts().getOrDefault(team.key(), BigDecimal.ZERO));
      String change = Formats.change(team.cost(), before);
      teamRows.add(
          new ReportView.TeamRow(
              Formats.teamLabel(team.key()),
              optionalMoney(team.reconciledCost()),
              costLabel(team, currency),
              signedMoney(team.variance()),
              Formats.share(totals.amount(team), headline),
              before.map(value -> Formats.money(value, currency)).orElse(none),
              change,
              changeClass(change),
              Formats.bytes(team.egressBytes()),
              Formats.bytes(team.ingressBytes())));
    }
    // teams that had cost last month and none this month still belong in a month-over-month table
    previous.ifPresent(
        p ->
            p.teamCosts().entrySet().stream()
                .filter(entry -> !entry.getKey().equals(MonthReader.UNATTRIBUTED_TEAM))
                .filter(
                    entry -> teams.stream().noneMatch(team -> team.key().equals(entry.getKey())))
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                    entry ->
                        teamRows.add(
                            new ReportView.TeamRow(
                                Formats.teamLabel(entry.getKey()),
                                reconciledMonth ? Formats.money(BigDecimal.ZERO, currency) : none,
                                Formats.money(BigDecimal.ZERO, currency),
                                none,
                                Formats.share(BigDecimal.ZERO, headline),
                                Formats.money(entry.getValue(), currency),
                                Formats.change(BigDecimal.ZERO, Optional.of(entry.getValue())),
                                "down",
                                Formats.bytes(0),
                                Formats.bytes(0)))));
    Optional<MonthTotals.Sum> unattributedSum = totals.unattributed();
    ReportView.TeamRow unattributedRow =
        unattributedSum.isEmpty()
            ? null
            : new ReportView.TeamRow(
                Formats.teamLabel(MonthReader.UNATTRIBUTED_TEAM),
                optionalMoney(unattributedSum.get().reconciledCost()),
                none,
                none,
                none,
                none,
                none,
                "flat",
                none,
                none);
    ReportView.TeamRow totalRow =
        new ReportView.TeamRow(
            "Total",
            optionalMoney(total.reconciledCost()),
            costLabel(total, currency),
            signedMoney(total.variance()),
            "",
            previous.map(p -> Formats.money(p.total(), currency)).orElse(none),
            Formats.change(total.cost(), previous.map(MonthData.Previous::total)),
            "",
            Formats.bytes(total.egressBytes()),
            Formats.bytes(total.ingressBytes()));

    List<LocalDate> monthDays = new ArrayList<>();
    for (LocalDate day = data.month().atDay(1);
        !day.isAfter(data.month().atEndOfMonth());
        day = day.plusDays(1)) {
      monthDays.add(day);
    }
    Set<LocalDate> missing = new HashSet<>(data.missingDays());

    List<SvgCharts.Series> series = new ArrayList<>();
    List<String> trendTeams = teams.stream().limit(TREND_TEAMS).map(MonthTotals.Sum::key).toList();
    for (int index = 0; index < trendTeams.size(); index++) {
      String team = trendTeams.get(index);
      series.add(
          new SvgCharts.Series(Formats.teamLabel(team), TEAM_COLORS[index], dailyOf(team::equals)));
    }
    if (teams.size() > TREND_TEAMS) {
      series.add(
          new SvgCharts.Series(
              "Other teams",
              TEAM_COLORS[TREND_TEAMS],
              dailyOf(team -> !trendTeams.contains(team))));
    }
    String trend =
        SvgCharts.dailyColumns(
            monthDays,
            series,
            missing,
            currency,
            720,
            reconciledMonth ? 170 : 220,
            "Daily estimated network cost by team");

    List<MonthTotals.Sum> classes = totals.trafficClasses();
    String classChart = classChart(classes, currency, "Estimated cost by traffic class");

    List<ReportView.WorkloadRow> workloads =
        totals.workloads(line -> true).stream()
            .limit(TOP_WORKLOADS)
            .map(this::workloadRow)
            .toList();

    List<ReportView.DestinationRow> destinations =
        data.flows().topDestinations().stream().map(this::destinationRow).toList();
    String destinationsNote =
        data.flows().presentDays().isEmpty()
            ? "No network_flows partitions for "
                + data.month()
                + ": destinations are not available."
            : destinations.isEmpty()
                ? "No internet traffic in network_flows for " + data.month() + "."
                : "From network_flows ("
                    + data.flows().presentDays().size()
                    + " days), ranked by estimated cost.";

    String previousLabel =
        previous.map(p -> monthLabel(p.month())).orElse(monthLabel(data.month().minusMonths(1)));
    String previousNote =
        previous.isEmpty()
            ? "No data for " + previousLabel + "."
            : previous.get().missingDays().isEmpty()
                ? ""
                : previousLabel
                    + " is missing "
                    + previous.get().missingDays().size()
                    + " day(s): "
                    + Formats.days(previous.get().missingDays())
                    + ".";

    List<ReportView.TeamPage> pages = new ArrayList<>();
    for (MonthTotals.Sum team : teams) {
      pages.add(teamPage(team, headline, previous, monthDays, missing));
    }

    List<MonthData.UnattributedSource> sources = data.reconciliation().sources();
    List<ReportView.SourceRow> sourceRows =
        sources.stream().limit(UNATTRIBUTED_SOURCES).map(this::sourceRow).toList();
    String sourcesMore =
        sources.size() > UNATTRIBUTED_SOURCES
            ? "and "
                + (sources.size() - UNATTRIBUTED_SOURCES)
                + " more billed resources: "
                + Formats.money(
                    sources.stream()
                        .skip(UNATTRIBUTED_SOURCES)
                        .map(MonthData.UnattributedSource::amount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add),
                    currency)
                + " (all are in reconciliation_keys_daily)"
            : "";

    return new ReportView.Report(
        "Network cost chargeback \u2014 " + monthLabel(data.month()),
        monthLabel(data.month()),
        data.month().toString(),
        GENERATED.format(generatedAt),
        data.clusters().isEmpty() ? none : String.join(", ", data.clusters()),
        currency,
        Formats.days(data.missingDays()),
        data.missingDays().size(),
        Formats.days(data.pendingDays()),
        data.presentDays().size() + " of " + data.month().lengthOfMonth() + " days",
        reconciledMonth,
        reconciledMonth ? "Chargeback (reconciled to teams)" : "Estimated cost (showback)",
        Formats.money(headline, currency),
        summary.estimated().map(value -> Formats.money(value, currency)).orElse("unpriced"),
        optionalMoney(summary.billed()),
        optionalMoney(summary.reconciled()),
        optionalMoney(summary.unattributed()),
        signedMoney(summary.variance()),
        summary
            .variance()
            .filter(value -> summary.estimated().isPresent())
            .map(value -> Formats.change(summary.billed().get(), summary.estimated()))
            .orElse(""),
        tieOut(summary, currency),
        sourceRows,
        sourcesMore,
        Formats.change(total.cost(), previous.map(MonthData.Previous::total)),
        previousLabel,
        previous.map(p -> Formats.money(p.total(), currency)).orElse(none),
        previousNote,
        Formats.bytes(total.egressBytes()),
        Formats.bytes(total.ingressBytes()),
        Formats.bytes(total.unpricedBytes()),
        teamRows,
        unattributedRow,
        totalRow,
        trend,
        classChart,
        classRows(classes, total, currency),
        workloads,
        destinations,
        destinationsNote,
        reconciliation(currency),
        data.flows().priceSheets().stream()
            .map(
                sheet ->
                    new ReportView.SheetRow(
                        sheet.version(),
                        Formats.bytes(sheet.bytes()),
                        sheet.version().equals(MonthReader.UNPRICED)
                            ? "not priced"
                            : Formats.money(sheet.cost(), currency)))
            .toList(),
        coverage(total),
        policy(),
        pages,
        false);
  }

  /** "$107.89 + $2.33 = $110.22" (ties out) or what is missing. */
  private String tieOut(MonthSummary summary, String currency) {
    MonthData.Reconciliation reconciliation = data.reconciliation();
    if (!reconciliation.complete()) {
      return "";
    }
    BigDecimal reconciled = summary.reconciled().orElse(BigDecimal.ZERO);
    BigDecimal unattributed = summary.unattributed().orElse(BigDecimal.ZERO);
    BigDecimal billed = summary.billed().orElse(BigDecimal.ZERO);
    String equation =
        "chargeback "
            + Formats.money(reconciled, currency)
            + " + unattributed "
            + Formats.money(unattributed, currency)
            + (reconciliation.status() == ReconciliationStatus.TIED_OUT ? " = " : " \u2260 ")
            + "billed "
            + Formats.money(billed, currency);
    return reconciliation.status() == ReconciliationStatus.TIED_OUT
        ? equation + " to the cent."
        : equation
            + ": off by "
            + Formats.money(billed.subtract(reconciled).subtract(unattributed), currency)
            + ".";
  }

  private ReportView.SourceRow sourceRow(MonthData.UnattributedSource source) {
    String detail =
        source.charges().stream()
            .map(
                charge ->
                    charge.chargeKind()
                        + " \u00b7 "
                        + Formats.trafficClassLabel(charge.trafficClass())
                        + charge.region().map(region -> " \u00b7 " + region).orElse(""))
            .collect(Collectors.joining("; "));
    return new ReportView.SourceRow(
        source.resourceId().orElse("(no resource id in the bill)"),
        detail,
        Formats.money(source.amount(), data.currency()));
  }

  private String optionalMoney(Optional<BigDecimal> value) {
    return value.map(amount -> Formats.money(amount, data.currency())).orElse("\u2014");
  }

  /** A difference: "+$1.20", "-$0.40", "$0.00"; "—" when absent. */
  private String signedMoney(Optional<BigDecimal> value) {
    return value
        .map(
            amount ->
                Formats.cents(amount).signum() > 0
                    ? "+" + Formats.money(amount, data.currency())
                    : Formats.money(amount, data.currency()))
        .orElse("\u2014");
  }

  private ReportView.TeamPage teamPage(
      MonthTotals.Sum team,
      BigDecimal headline,
      Optional<MonthData.Previous> previous,
      List<LocalDate> monthDays,
      Set<LocalDate> missing) {
    String currency = data.currency();
    boolean reconciledMonth = data.reconciliation().complete();
    Optional<BigDecimal> before =
        previous.map(p -> p.teamCosts().getOrDefault(team.key(), BigDecimal.ZERO));
    List<MonthTotals.Sum> classes = totals.trafficClasses(team.key());
    String trend =
        SvgCharts.dailyColumns(
            monthDays,
            List.of(
                new SvgCharts.Series(
                    Formats.teamLabel(team.key()), TEAM_COLORS[0], dailyOf(team.key()::equals))),
            missing,
            currency,
            720,
            190,
            "Daily estimated network cost of " + team.key());
    return new ReportView.TeamPage(
        team.key(),
        Formats.teamLabel(team.key()),
        reconciledMonth ? "Chargeback (reconciled)" : "Estimated cost (showback)",
        reconciledMonth
            ? optionalMoney(Optional.of(totals.amount(team)))
            : costLabel(team, currency),
        costLabel(team, currency),
        signedMoney(team.variance()),
        Formats.share(totals.amount(team), headline),
        Formats.change(team.cost(), before),
        before.map(value -> Formats.money(value, currency)).orElse("\u2014"),
        Formats.bytes(team.egressBytes()),
        Formats.bytes(team.ingressBytes()),
        Formats.bytes(team.unpricedBytes()),
        trend,
        classChart(classes, currency, "Estimated cost of " + team.key() + " by traffic class"),
        classRows(classes, team, currency),
        totals.workloads(line -> line.team().equals(team.key())).stream()
            .limit(TEAM_WORKLOADS)
            .map(this::workloadRow)
            .toList(),
        data.flows().teamDestinations().stream()
            .filter(destination -> destination.team().equals(team.key()))
            .map(this::destinationRow)
            .toList());
  }

  private Map<LocalDate, BigDecimal> dailyOf(java.util.function.Predicate<String> teams) {
    Map<LocalDate, BigDecimal> values = new LinkedHashMap<>();
    for (MonthData.DailyCost cost : data.daily()) {
      if (teams.test(cost.team())) {
        values.merge(cost.date(), cost.cost(), BigDecimal::add);
      }
    }
    return values;
  }

  private static String classChart(List<MonthTotals.Sum> classes, String currency, String title) {
    List<SvgCharts.Bar> bars =
        classes.stream()
            .map(
                sum ->
                    new SvgCharts.Bar(
                        Formats.trafficClassLabel(sum.key()),
                        sum.cost(),
                        costLabel(sum, currency) + " \u00b7 " + Formats.bytes(sum.bytes()),
                        classColor(sum.key())))
            .toList();
    return SvgCharts.horizontalBars(bars, 720, title);
  }

  /** "unpriced" when none of the bytes had a price: such traffic is not free, it is unknown. */
  static String costLabel(MonthTotals.Sum sum, String currency) {
    if (!sum.priced()) {
      return "unpriced";
    }
    String money = Formats.money(sum.cost(), currency);
    return sum.unpricedBytes() > 0 ? money + " + unpriced" : money;
  }

  private static List<ReportView.ClassRow> classRows(
      List<MonthTotals.Sum> classes, MonthTotals.Sum total, String currency) {
    return classes.stream()
        .map(
            sum ->
                new ReportView.ClassRow(
                    Formats.trafficClassLabel(sum.key()),
                    classColor(sum.key()),
                    costLabel(sum, currency),
                    sum.reconciledCost()
                        .map(value -> Formats.money(value, currency))
                        .orElse("\u2014"),
                    costLabel(sum, currency).equals("unpriced")
                        ? "\u2014"
                        : Formats.share(sum.cost(), total.cost()),
                    Formats.bytes(sum.egressBytes()),
                    Formats.bytes(sum.ingressBytes())))
        .toList();
  }

  private ReportView.WorkloadRow workloadRow(MonthTotals.Sum sum) {
    String[] parts = sum.key().split("\u0000", -1);
    return new ReportView.WorkloadRow(
        Formats.teamLabel(parts[0]),
        parts[1],
        parts[2],
        parts[3],
        costLabel(sum, data.currency()),
        optionalMoney(sum.reconciledCost()),
        Formats.bytes(sum.egressBytes()),
        Formats.bytes(sum.ingressBytes()));
  }

  private ReportView.DestinationRow destinationRow(MonthData.Destination destination) {
    return new ReportView.DestinationRow(
        destination.peerIp(),
        destination.peerService().isEmpty() ? "\u2014" : destination.peerService(),
        Formats.bytes(destination.sentBytes()),
        Formats.bytes(destination.receivedBytes()),
        Formats.money(destination.cost(), data.currency()));
  }

  private ReportView.Reconciliation reconciliation(String currency) {
    MonthData.Reconciliation reconciliation = data.reconciliation();
    String none = "\u2014";
    String billed = optionalMoney(reconciliation.billed());
    String reconciled = optionalMoney(reconciliation.reconciled());
    String unattributed = optionalMoney(reconciliation.unattributed());
    String difference =
        reconciliation
            .billed()
            .map(
                value ->
                    Formats.money(
                        value
                            .subtract(reconciliation.reconciled().orElse(BigDecimal.ZERO))
                            .subtract(reconciliation.unattributed().orElse(BigDecimal.ZERO)),
                        currency))
            .orElse(none);
    return switch (reconciliation.status()) {
      case NOT_RECONCILED ->
          new ReportView.Reconciliation(
              ReconciliationStatus.NOT_RECONCILED.label(),
              "warn",
              "This month has not been reconciled against the cloud bill: there are no"
                  + " reconciliation_keys_daily or reconciliation_allocations_daily partitions for it."
                  + " The amounts in this report are estimates from measured bytes and the price"
                  + " sheet (showback).",
              billed,
              reconciled,
              unattributed,
              difference);
      case PARTIAL ->
          new ReportView.Reconciliation(
              ReconciliationStatus.PARTIAL.label(),
              "warn",
              reconciliation.reconciledDays().size()
                  + " of "
                  + data.presentDays().size()
                  + " days with data are reconciled against the bill, so the report leads with the"
                  + " estimate; the amounts below cover the reconciled days only.",
              billed,
              reconciled,
              unattributed,
              difference);
      case TIED_OUT ->
          new ReportView.Reconciliation(
              ReconciliationStatus.TIED_OUT.label(),
              "ok",
              "Reconciled cost of all teams plus the unattributed amount equals the billed network"
                  + " transfer to the cent.",
              billed,
              reconciled,
              unattributed,
              difference);
      case MISMATCH ->
          new ReportView.Reconciliation(
              ReconciliationStatus.MISMATCH.label(),
              "bad",
              "Reconciled plus unattributed differs from the billed amount by " + difference + ".",
              billed,
              reconciled,
              unattributed,
              difference);
    };
  }

  private List<ReportView.Item> coverage(MonthTotals.Sum total) {
    List<ReportView.Item> items = new ArrayList<>();
    items.add(
        new ReportView.Item(
            "Days with data", data.presentDays().size() + " of " + data.month().lengthOfMonth()));
    items.add(
        new ReportView.Item(
            "Missing days",
            data.missingDays().isEmpty() ? "none" : Formats.days(data.missingDays())));
    if (!data.pendingDays().isEmpty()) {
      items.add(new ReportView.Item("Not yet processed", Formats.days(data.pendingDays())));
    }
    long bytes = total.bytes();
    items.add(new ReportView.Item("Traffic measured", Formats.bytes(bytes)));
    items.add(new ReportView.Item("Unpriced traffic", bytesShare(total.unpricedBytes(), bytes)));
    items.add(
        new ReportView.Item(
            "Traffic of unassigned workloads",
            bytesShare(sumBytes(line -> line.team().equals(Sentinels.UNASSIGNED_TEAM)), bytes)));
    items.add(
        new ReportView.Item(
            "Traffic from unresolved addresses",
            bytesShare(sumBytes(line -> line.namespace().equals(Sentinels.UNKNOWN)), bytes)));
    items.add(
        new ReportView.Item(
            "Node traffic (host network)",
            bytesShare(
                sumBytes(line -> line.namespace().equals(Sentinels.NODE_NAMESPACE)), bytes)));
    items.add(
        new ReportView.Item(
            "Traffic of unknown class",
            bytesShare(sumBytes(line -> line.trafficClass().equals("unknown")), bytes)));
    items.add(
        new ReportView.Item(
            "network_flows days",
            data.flows().presentDays().size() + " of " + data.month().lengthOfMonth()));
    return items;
  }

  private long sumBytes(java.util.function.Predicate<MonthData.Line> filter) {
    return totals.lines(filter).stream()
        .mapToLong(line -> line.egressBytes() + line.ingressBytes())
        .sum();
  }

  private static String bytesShare(long part, long whole) {
    return Formats.bytes(part)
        + " ("
        + Formats.share(BigDecimal.valueOf(part), BigDecimal.valueOf(whole))
        + ")";
  }

  private static List<String> policy() {
    return List.of(
        "Each flow is measured on the node of its local endpoint. Bytes the endpoint sent are its"
            + " egress, bytes it received are its ingress, so a pod-to-pod connection across nodes is"
            + " counted once for the sender and once for the receiver, never twice.",
        "Cost is the measured bytes times the price of their traffic class (same zone, cross zone,"
            + " cross region, internet, private) in the price sheet versions listed below.",
        "Traffic without a price (unknown region or class) is shown as unpriced bytes and adds nothing"
            + " to cost; it is never counted as zero-cost traffic silently.",
        "Reconciliation splits each billed amount (one billing key: day, charge, traffic class,"
            + " direction, region, resource) over the owners whose measured traffic it covers; what"
            + " no measured flow explains stays unattributed, with the billed resource named. When"
            + " every day is reconciled, the chargeback (reconciled cost) is what teams are charged;"
            + " the estimate is shown beside it as showback, and their difference as the variance.",
        "Teams come from workload ownership at the time of each flow; workloads without a team are"
            + " reported as Unassigned. Money is exact to nine decimals and shown rounded half-up to"
            + " the cent.");
  }

  private static String changeClass(String change) {
    if (change.startsWith("+") || change.equals("new")) {
      return "up";
    }
    if (change.startsWith("\u2212")) {
      return "down";
    }
    return "flat";
  }

  static String monthLabel(java.time.YearMonth month) {
    return month.getMonth().getDisplayName(TextStyle.FULL, Locale.US) + " " + month.getYear();
  }
}
