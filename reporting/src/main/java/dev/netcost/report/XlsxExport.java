package dev.netcost.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The finance workbook: a Summary sheet (the month's billed, estimated, reconciled, unattributed
 * and variance amounts, then one row per team and the unattributed row), a Traffic classes sheet
 * and one sheet per team with its chargeback_monthly lines. An amount that does not exist (not
 * reconciled, not priced) is an empty cell, never 0. Numbers are typed cells: bytes as integers,
 * money with the currency format, holding the exact amount (a spreadsheet cell is a double; amounts
 * up to millions keep all nine decimals). Totals are SUM formulas with cached values, so the
 * workbook shows the report's totals before and after a spreadsheet recalculates it.
 */
final class XlsxExport {
  static final String SUMMARY = "Summary";
  static final String CLASSES = "Traffic classes";
  static final int HEADER_ROW = 3;

  private final MonthData data;
  private final MonthTotals totals;
  private XSSFWorkbook workbook;
  private CellStyle title;
  private CellStyle header;
  private CellStyle money;
  private CellStyle moneyTotal;
  private CellStyle bytes;
  private CellStyle bytesTotal;
  private CellStyle percent;
  private CellStyle bold;

  XlsxExport(MonthData data) {
    this.data = data;
    this.totals = new MonthTotals(data);
  }

  /** The sheet name a team gets (Excel's 31 characters, no []:*?/\ , unique). */
  static String sheetName(String team, Set<String> used) {
    // control characters (a tab, a carriage return) are not allowed in a sheet name either
    String base = WorkbookUtil.createSafeSheetName(team.replaceAll("\\p{Cntrl}", "_"), '_');
    String name = base;
    int suffix = 2;
    while (used.contains(name.toLowerCase(java.util.Locale.ROOT))) {
      String tail = " (" + suffix++ + ")";
      name = base.substring(0, Math.min(base.length(), 31 - tail.length())) + tail;
    }
    used.add(name.toLowerCase(java.util.Locale.ROOT));
    return name;
  }

  byte[] write() {
    try (XSSFWorkbook book = new XSSFWorkbook()) {
      workbook = book;
      styles();
      summary();
      classes();
      Set<String> used = new HashSet<>(Set.of(SUMMARY.toLowerCase(), CLASSES.toLowerCase()));
      for (MonthTotals.Sum team : totals.teams()) {
        team(team, sheetName(team.key(), used));
      }
      book.getCreationHelper().createFormulaEvaluator().evaluateAll();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      book.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the XLSX workbook", e);
    }
  }

  /** Rows (0-based) of the Summary sheet's month block and the header of its team table. */
  static final int BILLED_ROW = 3;

  static final int TEAM_HEADER_ROW = 11;

  /** The 1-based rows (as formulas name them) of the month block's estimate and chargeback. */
  private static final int ESTIMATED_ROW = BILLED_ROW + 2;

  private static final int RECONCILED_ROW = BILLED_ROW + 3;

  private void summary() {
    Sheet sheet = workbook.createSheet(SUMMARY);
    heading(
        sheet,
        "Network cost chargeback \u2014 " + HtmlReport.monthLabel(data.month()),
        "Currency "
            + data.currency()
            + " \u00b7 "
            + data.presentDays().size()
            + " of "
            + data.month().lengthOfMonth()
            + " days"
            + (data.missingDays().isEmpty()
                ? ""
                : " \u00b7 missing days: " + Formats.days(data.missingDays()))
            + " \u00b7 reconciliation: "
            + data.reconciliation().status().name().toLowerCase().replace('_', ' '));
    MonthSummary month = MonthSummary.of(data);
    int row = BILLED_ROW;
    blockRow(sheet, row++, "Billed network transfer", month.billed());
    blockRow(sheet, row++, "Estimated cost (showback)", month.estimated());
    blockRow(sheet, row++, "Reconciled cost (chargeback to teams)", month.reconciled());
    blockRow(sheet, row++, "Unattributed cost (billed, no measured flow)", month.unattributed());
    blockRow(sheet, row++, "Variance (billed \u2212 estimated)", month.variance());
    Row difference = sheet.createRow(row++);
    difference.createCell(0).setCellValue("Billed \u2212 reconciled \u2212 unattributed");
    if (month.billed().isPresent()) {
      Cell cell = difference.createCell(1);
      cell.setCellFormula(
          "B" + (BILLED_ROW + 1) + "-B" + (BILLED_ROW + 3) + "-B" + (BILLED_ROW + 4));
      cell.setCellStyle(moneyTotal);
    }
    Row unpriced = sheet.createRow(row++);
    unpriced.createCell(0).setCellValue("Unpriced bytes (not in the estimate)");
    bytesCell(unpriced, 1, month.unpricedBytes(), bytes);

    String previousLabel = "Estimate " + HtmlReport.monthLabel(data.month().minusMonths(1));
    headerRow(
        sheet,
        TEAM_HEADER_ROW,
        List.of(
            "Team",
            "Reconciled cost",
            "Estimated cost",
            "Variance (reconciled \u2212 estimated)",
            "Share",
            previousLabel,
            "Egress bytes",
            "Ingress bytes",
            "Unpriced bytes"));
    int first = TEAM_HEADER_ROW + 2;
    List<MonthTotals.Sum> rows = new ArrayList<>(totals.teams());
    totals.unattributed().ifPresent(rows::add);
    int rowIndex = TEAM_HEADER_ROW + 1;
    for (MonthTotals.Sum team : rows) {
      Row line = sheet.createRow(rowIndex);
      line.createCell(0).setCellValue(team.key());
      if (team.reconciledCost().isPresent()) {
        moneyCell(line, 1, team.reconciledCost().get(), money);
      }
      if (team.estimate().isPresent() && !team.key().equals(MonthReader.UNATTRIBUTED_TEAM)) {
        moneyCell(line, 2, team.estimate().get(), money);
      }
      if (team.variance().isPresent()) {
        moneyCell(line, 3, team.variance().get(), money);
      }
      // share of the headline amount (docs/reports.md), as in the HTML report: the chargeback to
      // teams in a reconciled month, else the estimate; the unattributed line has no share
      if (!team.key().equals(MonthReader.UNATTRIBUTED_TEAM)) {
        String column = data.reconciliation().complete() ? "B" : "C";
        String headline =
            "$B$" + (data.reconciliation().complete() ? RECONCILED_ROW : ESTIMATED_ROW);
        Cell share = line.createCell(4);
        share.setCellFormula(
            "IF(" + headline + "=0,\"\"," + column + (rowIndex + 1) + "/" + headline + ")");
        share.setCellStyle(percent);
      }
      Optional<BigDecimal> before =
          data.previous()
              .filter(p -> !team.key().equals(MonthReader.UNATTRIBUTED_TEAM))
              .map(p -> p.teamCosts().getOrDefault(team.key(), BigDecimal.ZERO));
      if (before.isPresent()) {
        moneyCell(line, 5, before.get(), money);
      }
      bytesCell(line, 6, team.egressBytes(), bytes);
      bytesCell(line, 7, team.ingressBytes(), bytes);
      bytesCell(line, 8, team.unpricedBytes(), bytes);
      rowIndex++;
    }
    Row total = sheet.createRow(rowIndex);
    Cell label = total.createCell(0);
    label.setCellValue("Total");
    label.setCellStyle(bold);
    if (totals.total().reconciledCost().isPresent()) {
      sumCell(total, 1, first, rowIndex, moneyTotal);
    }
    if (totals.total().variance().isPresent()) {
      // reconciled total (the unattributed line included) minus the estimate: the rows' variances
      // do not add up to it, the unattributed line has none
      Cell cell = total.createCell(3);
      cell.setCellFormula("B" + (rowIndex + 1) + "-C" + (rowIndex + 1));
      cell.setCellStyle(moneyTotal);
    }
    if (totals.total().priced()) {
      sumCell(total, 2, first, rowIndex, moneyTotal);
    }
    if (data.previous().isPresent()) {
      sumCell(total, 5, first, rowIndex, moneyTotal);
    }
    sumCell(total, 6, first, rowIndex, bytesTotal);
    sumCell(total, 7, first, rowIndex, bytesTotal);
    sumCell(total, 8, first, rowIndex, bytesTotal);
    widths(sheet, 44, 16, 16, 18, 9, 18, 18, 18, 18);
  }

  private void blockRow(Sheet sheet, int index, String text, Optional<BigDecimal> amount) {
    Row row = sheet.createRow(index);
    row.createCell(0).setCellValue(text);
    // an amount that does not exist (not reconciled, nothing priced) is an empty cell, never 0
    amount.ifPresent(value -> moneyCell(row, 1, value, money));
  }

  private void classes() {
    Sheet sheet = workbook.createSheet(CLASSES);
    heading(
        sheet,
        "Cost by traffic class \u2014 " + HtmlReport.monthLabel(data.month()),
        "Currency " + data.currency());
    headerRow(
        sheet,
        HEADER_ROW,
        List.of(
            "Traffic class",
            "Estimated cost",
            "Reconciled cost",
            "Egress bytes",
            "Ingress bytes",
            "Unpriced bytes"));
    int rowIndex = HEADER_ROW + 1;
    for (MonthTotals.Sum sum : totals.trafficClasses()) {
      Row row = sheet.createRow(rowIndex++);
      row.createCell(0).setCellValue(sum.key());
      if (sum.estimate().isPresent()) {
        moneyCell(row, 1, sum.estimate().get(), money);
      }
      if (sum.reconciledCost().isPresent()) {
        moneyCell(row, 2, sum.reconciledCost().get(), money);
      }
      bytesCell(row, 3, sum.egressBytes(), bytes);
      bytesCell(row, 4, sum.ingressBytes(), bytes);
      bytesCell(row, 5, sum.unpricedBytes(), bytes);
    }
    Row total = sheet.createRow(rowIndex);
    Cell label = total.createCell(0);
    label.setCellValue("Total");
    label.setCellStyle(bold);
    sumCell(total, 1, HEADER_ROW + 2, rowIndex, moneyTotal);
    if (totals.owners().reconciledCost().isPresent()) {
      sumCell(total, 2, HEADER_ROW + 2, rowIndex, moneyTotal);
    }
    sumCell(total, 3, HEADER_ROW + 2, rowIndex, bytesTotal);
    sumCell(total, 4, HEADER_ROW + 2, rowIndex, bytesTotal);
    sumCell(total, 5, HEADER_ROW + 2, rowIndex, bytesTotal);
    widths(sheet, 20, 16, 16, 18, 18, 18);
  }

  private void team(MonthTotals.Sum team, String name) {
    Sheet sheet = workbook.createSheet(name);
    heading(
        sheet,
        "Team " + team.key() + " \u2014 " + HtmlReport.monthLabel(data.month()),
        "Currency " + data.currency() + " \u00b7 one row per workload and traffic class");
    headerRow(
        sheet,
        HEADER_ROW,
        List.of(
            "Cluster",
            "Namespace",
            "Workload kind",
            "Workload",
            "Traffic class",
            "Egress bytes",
            "Ingress bytes",
            "Unpriced bytes",
            "Estimated egress cost",
            "Estimated ingress cost",
            "Estimated cost",
            "Reconciled cost"));
    int rowIndex = HEADER_ROW + 1;
    for (MonthData.Line line : totals.lines(each -> each.team().equals(team.key()))) {
      Row row = sheet.createRow(rowIndex++);
      row.createCell(0).setCellValue(line.cluster());
      row.createCell(1).setCellValue(line.namespace());
      row.createCell(2).setCellValue(line.workloadKind());
      row.createCell(3).setCellValue(line.workload());
      row.createCell(4).setCellValue(line.trafficClass());
      bytesCell(row, 5, line.egressBytes(), bytes);
      bytesCell(row, 6, line.ingressBytes(), bytes);
      bytesCell(row, 7, line.unpricedBytes(), bytes);
      // an unpriced line has empty cost cells; its traffic is in Unpriced bytes
      line.egressCost().ifPresent(value -> moneyCell(row, 8, value, money));
      line.ingressCost().ifPresent(value -> moneyCell(row, 9, value, money));
      line.cost().ifPresent(value -> moneyCell(row, 10, value, money));
      if (line.reconciledCost().isPresent()) {
        moneyCell(row, 11, line.reconciledCost().get(), money);
      }
    }
    Row total = sheet.createRow(rowIndex);
    Cell label = total.createCell(0);
    label.setCellValue("Total");
    label.setCellStyle(bold);
    int first = HEADER_ROW + 2;
    for (int column = 5; column <= 7; column++) {
      sumCell(total, column, first, rowIndex, bytesTotal);
    }
    for (int column = 8; column <= 10; column++) {
      sumCell(total, column, first, rowIndex, moneyTotal);
    }
    if (team.reconciledCost().isPresent()) {
      sumCell(total, 11, first, rowIndex, moneyTotal);
    }
    widths(sheet, 16, 20, 14, 30, 14, 16, 16, 16, 14, 14, 14, 16);
  }

  private void heading(Sheet sheet, String text, String subtitle) {
    Cell cell = sheet.createRow(0).createCell(0);
    cell.setCellValue(text);
    cell.setCellStyle(title);
    sheet.createRow(1).createCell(0).setCellValue(subtitle);
  }

  private void headerRow(Sheet sheet, int headerRow, List<String> names) {
    Row row = sheet.createRow(headerRow);
    for (int index = 0; index < names.size(); index++) {
      Cell cell = row.createCell(index);
      cell.setCellValue(names.get(index));
      cell.setCellStyle(header);
    }
    // the title and the header stay visible while scrolling
    sheet.createFreezePane(0, headerRow + 1);
    sheet.setAutoFilter(
        new org.apache.poi.ss.util.CellRangeAddress(headerRow, headerRow, 0, names.size() - 1));
  }

  private static void moneyCell(Row row, int column, BigDecimal amount, CellStyle style) {
    Cell cell = row.createCell(column);
    cell.setCellValue(amount.doubleValue());
    cell.setCellStyle(style);
  }

  private static void bytesCell(Row row, int column, long value, CellStyle style) {
    Cell cell = row.createCell(column);
    cell.setCellValue((double) value);
    cell.setCellStyle(style);
  }

  /** SUM over 1-based rows first..last of the column. */
  private static void sumCell(Row row, int column, int first, int last, CellStyle style) {
    String letter = CellReference.convertNumToColString(column);
    Cell cell = row.createCell(column);
    if (last < first) {
      cell.setCellValue(0);
    } else {
      cell.setCellFormula("SUM(" + letter + first + ":" + letter + last + ")");
    }
    cell.setCellStyle(style);
  }

  private static void widths(Sheet sheet, int... characters) {
    for (int index = 0; index < characters.length; index++) {
      sheet.setColumnWidth(index, characters[index] * 256);
    }
  }

  static String currencyFormat(String currency) {
    return switch (currency) {
      case "USD" -> "\"$\"#,##0.00;-\"$\"#,##0.00";
      case "EUR" -> "\"€\"#,##0.00;-\"€\"#,##0.00";
      case "GBP" -> "\"£\"#,##0.00;-\"£\"#,##0.00";
      default -> "#,##0.00\" " + currency + "\";-#,##0.00\" " + currency + "\"";
    };
  }

  private void styles() {
    short moneyFormat = workbook.createDataFormat().getFormat(currencyFormat(data.currency()));
    short bytesFormat = workbook.createDataFormat().getFormat("#,##0");
    Font boldFont = workbook.createFont();
    boldFont.setBold(true);
    Font titleFont = workbook.createFont();
    titleFont.setBold(true);
    titleFont.setFontHeightInPoints((short) 14);

    title = workbook.createCellStyle();
    title.setFont(titleFont);
    bold = workbook.createCellStyle();
    bold.setFont(boldFont);
    bold.setBorderTop(BorderStyle.THIN);
    header = workbook.createCellStyle();
    header.setFont(boldFont);
    header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
    header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
    header.setBorderBottom(BorderStyle.THIN);
    header.setWrapText(true);
    money = workbook.createCellStyle();
    money.setDataFormat(moneyFormat);
    moneyTotal = workbook.createCellStyle();
    moneyTotal.setDataFormat(moneyFormat);
    moneyTotal.setFont(boldFont);
    moneyTotal.setBorderTop(BorderStyle.THIN);
    bytes = workbook.createCellStyle();
    bytes.setDataFormat(bytesFormat);
    bytesTotal = workbook.createCellStyle();
    bytesTotal.setDataFormat(bytesFormat);
    bytesTotal.setFont(boldFont);
    bytesTotal.setBorderTop(BorderStyle.THIN);
    percent = workbook.createCellStyle();
    percent.setDataFormat(workbook.createDataFormat().getFormat("0.0%"));
  }
}
