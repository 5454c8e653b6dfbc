package dev.netcost.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
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
 * The finance workbook: a Summary sheet (one row per team), a Traffic classes sheet and one sheet
 * per team with its chargeback_monthly lines. Numbers are typed cells: bytes as integers, money
 * with the currency format, holding the exact amount (a spreadsheet cell is a double; amounts up to
 * millions keep all nine decimals). Totals are SUM formulas with cached values, so the workbook
 * shows the report's totals before and after a spreadsheet recalculates it.
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
    String base = WorkbookUtil.createSafeSheetName(team, '_');
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
    String previousLabel = "Cost " + HtmlReport.monthLabel(data.month().minusMonths(1));
    headerRow(
        sheet,
        List.of(
            "Team",
            "Cost",
            "Share",
            previousLabel,
            "Egress bytes",
            "Ingress bytes",
            "Unpriced bytes",
            "Reconciled cost"));
    int rowIndex = HEADER_ROW + 1;
    for (MonthTotals.Sum team : totals.teams()) {
      Row row = sheet.createRow(rowIndex);
      row.createCell(0).setCellValue(team.key());
      moneyCell(row, 1, team.cost(), money);
      Cell share = row.createCell(2);
      share.setCellFormula(
          "IF($B$"
              + (totalRow() + 1)
              + "=0,0,B"
              + (rowIndex + 1)
              + "/$B$"
              + (totalRow() + 1)
              + ")");
      share.setCellStyle(percent);
      Optional<BigDecimal> before =
          data.previous().map(p -> p.teamCosts().getOrDefault(team.key(), BigDecimal.ZERO));
      if (before.isPresent()) {
        moneyCell(row, 3, before.get(), money);
      }
      bytesCell(row, 4, team.egressBytes(), bytes);
      bytesCell(row, 5, team.ingressBytes(), bytes);
      bytesCell(row, 6, team.unpricedBytes(), bytes);
      if (team.reconciledCost().isPresent()) {
        moneyCell(row, 7, team.reconciledCost().get(), money);
      }
      rowIndex++;
    }
    Row total = sheet.createRow(rowIndex);
    Cell label = total.createCell(0);
    label.setCellValue("Total");
    label.setCellStyle(bold);
    int first = HEADER_ROW + 2;
    sumCell(total, 1, first, rowIndex, moneyTotal);
    if (data.previous().isPresent()) {
      sumCell(total, 3, first, rowIndex, moneyTotal);
    }
    sumCell(total, 4, first, rowIndex, bytesTotal);
    sumCell(total, 5, first, rowIndex, bytesTotal);
    sumCell(total, 6, first, rowIndex, bytesTotal);
    if (totals.total().reconciledCost().isPresent()) {
      sumCell(total, 7, first, rowIndex, moneyTotal);
    }
    widths(sheet, 34, 16, 9, 18, 18, 18, 18, 18);
  }

  private int totalRow() {
    return HEADER_ROW + 1 + totals.teams().size();
  }

  private void classes() {
    Sheet sheet = workbook.createSheet(CLASSES);
    heading(
        sheet,
        "Cost by traffic class \u2014 " + HtmlReport.monthLabel(data.month()),
        "Currency " + data.currency());
    headerRow(
        sheet, List.of("Traffic class", "Cost", "Egress bytes", "Ingress bytes", "Unpriced bytes"));
    int rowIndex = HEADER_ROW + 1;
    for (MonthTotals.Sum sum : totals.trafficClasses()) {
      Row row = sheet.createRow(rowIndex++);
      row.createCell(0).setCellValue(sum.key());
      moneyCell(row, 1, sum.cost(), money);
      bytesCell(row, 2, sum.egressBytes(), bytes);
      bytesCell(row, 3, sum.ingressBytes(), bytes);
      bytesCell(row, 4, sum.unpricedBytes(), bytes);
    }
    Row total = sheet.createRow(rowIndex);
    Cell label = total.createCell(0);
    label.setCellValue("Total");
    label.setCellStyle(bold);
    sumCell(total, 1, HEADER_ROW + 2, rowIndex, moneyTotal);
    sumCell(total, 2, HEADER_ROW + 2, rowIndex, bytesTotal);
    sumCell(total, 3, HEADER_ROW + 2, rowIndex, bytesTotal);
    sumCell(total, 4, HEADER_ROW + 2, rowIndex, bytesTotal);
    widths(sheet, 20, 16, 18, 18, 18);
  }

  private void team(MonthTotals.Sum team, String name) {
    Sheet sheet = workbook.createSheet(name);
    heading(
        sheet,
        "Team " + team.key() + " \u2014 " + HtmlReport.monthLabel(data.month()),
        "Currency " + data.currency() + " \u00b7 one row per workload and traffic class");
    headerRow(
        sheet,
        List.of(
            "Cluster",
            "Namespace",
            "Workload kind",
            "Workload",
            "Traffic class",
            "Egress bytes",
            "Ingress bytes",
            "Unpriced bytes",
            "Egress cost",
            "Ingress cost",
            "Cost",
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
      moneyCell(row, 8, line.egressCost(), money);
      moneyCell(row, 9, line.ingressCost(), money);
      moneyCell(row, 10, line.cost(), money);
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

  private void headerRow(Sheet sheet, List<String> names) {
    Row row = sheet.createRow(HEADER_ROW);
    for (int index = 0; index < names.size(); index++) {
      Cell cell = row.createCell(index);
      cell.setCellValue(names.get(index));
      cell.setCellStyle(header);
    }
    // the title and the header stay visible while scrolling
    sheet.createFreezePane(0, HEADER_ROW + 1);
    sheet.setAutoFilter(
        new org.apache.poi.ss.util.CellRangeAddress(HEADER_ROW, HEADER_ROW, 0, names.size() - 1));
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
