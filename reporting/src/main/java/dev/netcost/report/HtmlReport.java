package dev.netcost.report;

import static java.util.Objects.requireNonNull;

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

/** Builds the report's view from the month's numbers and renders reports/templates/report.ftlh. */
final class HtmlReport {
  static final String TEMPLATE = "report.ftlh";
  static final int TOP_WORKLOADS = 10;
  static final int TEAM_WORKLOADS = 8;
  static final int TREND_TEAMS = 5;
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
    MonthTotals.Sum total = totals.total();
    Optional<MonthData.Previous> previous = data.previous();
    List<MonthTotals.Sum> teams = totals.teams();

    List<ReportView.TeamRow> teamRows = new ArrayList<>();
    for (MonthTotals.Sum team : teams) {
      Optional<BigDecimal> before =
          previous.map(p -> p.teamCosts().getOrDefault(team.key(), BigDecimal.ZERO));
      String change = Formats.change(team.cost(), before);
      teamRows.add(
          new ReportView.TeamRow(
              Formats.teamLabel(team.key()),
              Formats.money(team.cost(), currency),
              Formats.share(team.cost(), total.cost()),
              before.map(value -> Formats.money(value, currency)).orElse("\u2014"),
              change,
              changeClass(change),
              Formats.bytes(team.egressBytes()),
              Formats.bytes(team.ingressBytes()),
              team.reconciledCost()
                  .map(value -> Formats.money(value, currency))
                  .orElse("not reconciled")));
    }
    // teams that had cost last month and none this month still belong in a month-over-month table
    previous.ifPresent(
        p ->
            p.teamCosts().entrySet().stream()
                .filter(
                    entry -> teams.stream().noneMatch(team -> team.key().equals(entry.getKey())))
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                    entry ->
                        teamRows.add(
                            new ReportView.TeamRow(
                                Formats.teamLabel(entry.getKey()),
                                Formats.money(BigDecimal.ZERO, currency),
                                Formats.share(BigDecimal.ZERO, total.cost()),
                                Formats.money(entry.getValue(), currency),
                                Formats.change(BigDecimal.ZERO, Optional.of(entry.getValue())),
                                "down",
                                Formats.bytes(0),
                                Formats.bytes(0),
                                "\u2014"))));

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
            monthDays, series, missing, currency, 720, 220, "Daily network cost by team");

    List<MonthTotals.Sum> classes = totals.trafficClasses();
    String classChart = classChart(classes, currency, "Cost by traffic class");

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
                    + " days), ranked by cost.";

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
      pages.add(teamPage(team, total, previous, monthDays, missing));
    }

    return new ReportView.Report(
        "Network cost chargeback \u2014 " + monthLabel(data.month()),
        monthLabel(data.month()),
        data.month().toString(),
        GENERATED.format(generatedAt),
        data.clusters().isEmpty() ? "\u2014" : String.join(", ", data.clusters()),
        currency,
        Formats.days(data.missingDays()),
        data.missingDays().size(),
        Formats.days(data.pendingDays()),
        data.presentDays().size() + " of " + data.month().lengthOfMonth() + " days",
        Formats.money(total.cost(), currency),
        Formats.change(total.cost(), previous.map(MonthData.Previous::total)),
        previousLabel,
        previous.map(p -> Formats.money(p.total(), currency)).orElse("\u2014"),
        previousNote,
        Formats.bytes(total.egressBytes()),
        Formats.bytes(total.ingressBytes()),
        Formats.bytes(total.unpricedBytes()),
        teamRows,
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

  private ReportView.TeamPage teamPage(
      MonthTotals.Sum team,
      MonthTotals.Sum total,
      Optional<MonthData.Previous> previous,
      List<LocalDate> monthDays,
      Set<LocalDate> missing) {
    String currency = data.currency();
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
            "Daily network cost of " + team.key());
    return new ReportView.TeamPage(
        team.key(),
        Formats.teamLabel(team.key()),
        Formats.money(team.cost(), currency),
        Formats.share(team.cost(), total.cost()),
        Formats.change(team.cost(), before),
        before.map(value -> Formats.money(value, currency)).orElse("\u2014"),
        Formats.bytes(team.egressBytes()),
        Formats.bytes(team.ingressBytes()),
        Formats.bytes(team.unpricedBytes()),
        team.reconciledCost().map(value -> Formats.money(value, currency)).orElse("not reconciled"),
        trend,
        classChart(classes, currency, "Cost of " + team.key() + " by traffic class"),
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
    if (sum.bytes() > 0 && sum.unpricedBytes() == sum.bytes()) {
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
        Formats.money(sum.cost(), data.currency()),
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
    String billed =
        reconciliation.billed().map(value -> Formats.money(value, currency)).orElse(none);
    String allocated =
        reconciliation.allocated().map(value -> Formats.money(value, currency)).orElse(none);
    String unattributed =
        reconciliation.unattributed().map(value -> Formats.money(value, currency)).orElse(none);
    String difference =
        reconciliation
            .billed()
            .map(
                value ->
                    Formats.money(
                        value
                            .subtract(reconciliation.allocated().orElse(BigDecimal.ZERO))
                            .subtract(reconciliation.unattributed().orElse(BigDecimal.ZERO)),
                        currency))
            .orElse(none);
    return switch (reconciliation.status()) {
      case NOT_RECONCILED ->
          new ReportView.Reconciliation(
              "Not reconciled",
              "warn",
              "This month has not been reconciled against the cloud bill: chargeback_daily has no"
                  + " reconciled_cost and there is no reconciliation_daily table. The amounts in this"
                  + " report are estimates from measured bytes and list prices.",
              billed,
              allocated,
              unattributed,
              difference);
      case PARTIAL ->
          new ReportView.Reconciliation(
              "Partially reconciled",
              "warn",
              reconciliation.reconciledDays().size()
                  + " of "
                  + data.presentDays().size()
                  + " days carry reconciled cost"
                  + (reconciliation.reconciliationTablePresent()
                      ? "."
                      : "; no reconciliation_daily table, so the billed amount is unknown."),
              billed,
              allocated,
              unattributed,
              difference);
      case TIED_OUT ->
          new ReportView.Reconciliation(
              "Reconciled \u2014 ties out",
              "ok",
              "Allocated cost of all teams plus the unattributed line equals the billed network"
                  + " transfer to the cent.",
              billed,
              allocated,
              unattributed,
              difference);
      case MISMATCH ->
          new ReportView.Reconciliation(
              "Reconciled \u2014 does not tie out",
              "bad",
              "Allocated plus unattributed differs from the billed amount by " + difference + ".",
              billed,
              allocated,
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
            bytesShare(sumBytes(line -> line.team().equals("__unassigned__")), bytes)));
    items.add(
        new ReportView.Item(
            "Traffic from unresolved addresses",
            bytesShare(sumBytes(line -> line.namespace().equals("__unknown__")), bytes)));
    items.add(
        new ReportView.Item(
            "Node traffic (host network)",
            bytesShare(sumBytes(line -> line.namespace().equals("__node__")), bytes)));
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
