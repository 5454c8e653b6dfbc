package dev.netcost.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class TestFormats {
  @Test
  void moneyRoundsHalfUpToTheCent() {
    assertThat(Formats.money(new BigDecimal("1234.565000000"), "USD")).isEqualTo("$1,234.57");
    assertThat(Formats.money(new BigDecimal("1234.564999999"), "USD")).isEqualTo("$1,234.56");
    assertThat(Formats.money(new BigDecimal("-0.004"), "USD")).isEqualTo("$0.00");
    assertThat(Formats.money(new BigDecimal("-12.5"), "EUR")).isEqualTo("-€12.50");
    assertThat(Formats.money(new BigDecimal("1000000"), "JPY")).isEqualTo("1,000,000.00 JPY");
    assertThat(Formats.exact(new BigDecimal("1.5"))).isEqualTo("1.500000000");
  }

  @Test
  void bytesUseBinaryUnits() {
    assertThat(Formats.bytes(0)).isEqualTo("0 B");
    assertThat(Formats.bytes(1023)).isEqualTo("1023 B");
    assertThat(Formats.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(Formats.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
    assertThat(Formats.bytes(123L * 1024 * 1024 * 1024 * 1024)).isEqualTo("123 TiB");
  }

  @Test
  void changeAndShare() {
    assertThat(Formats.change(new BigDecimal("110"), Optional.of(new BigDecimal("100"))))
        .isEqualTo("+10.0%");
    assertThat(Formats.change(new BigDecimal("90"), Optional.of(new BigDecimal("100"))))
        .isEqualTo("\u221210.0%");
    assertThat(Formats.change(new BigDecimal("5"), Optional.of(BigDecimal.ZERO))).isEqualTo("new");
    assertThat(Formats.change(new BigDecimal("5"), Optional.empty())).isEqualTo("n/a");
    assertThat(Formats.share(new BigDecimal("1"), new BigDecimal("3"))).isEqualTo("33.3%");
    assertThat(Formats.share(new BigDecimal("1"), new BigDecimal("100000"))).isEqualTo("<0.1%");
    assertThat(Formats.share(BigDecimal.ZERO, BigDecimal.ZERO)).isEqualTo("\u2014");
  }

  @Test
  void daysCollapseIntoRuns() {
    assertThat(
            Formats.days(
                List.of(
                    LocalDate.of(2026, 11, 4),
                    LocalDate.of(2026, 11, 17),
                    LocalDate.of(2026, 11, 18),
                    LocalDate.of(2026, 11, 19),
                    LocalDate.of(2026, 11, 30))))
        .isEqualTo("Nov 4, Nov 17\u201319, Nov 30");
    assertThat(Formats.days(List.of())).isEmpty();
  }

  @Test
  void csvIsRfc4180QuotedOnlyWhenNeeded() {
    assertThat(
            new String(
                CsvExport.encode(
                    List.of("h1", "h2", "h3"),
                    List.of(List.of("plain", "a,b", "say \"hi\""), List.of("two\nlines", "é", ""))),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("h1,h2,h3\r\nplain,\"a,b\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",é,\r\n");
  }

  @Test
  void csvTextCellsThatAFormulaCouldStartWithAreNeutralised() {
    assertThat(CsvExport.text("=1+1")).isEqualTo("'=1+1");
    assertThat(CsvExport.text("+1")).isEqualTo("'+1");
    assertThat(CsvExport.text("-1")).isEqualTo("'-1");
    assertThat(CsvExport.text("@A1")).isEqualTo("'@A1");
    assertThat(CsvExport.text("\tx")).isEqualTo("'\tx");
    assertThat(CsvExport.text("\rx")).isEqualTo("'\rx");
    assertThat(CsvExport.text("a=1")).isEqualTo("a=1");
    assertThat(CsvExport.text("'quoted")).isEqualTo("'quoted");
    assertThat(CsvExport.text("")).isEmpty();
    // and the neutralised cell is quoted in the file
    assertThat(
            new String(
                CsvExport.encode(List.of("team"), List.of(List.of(CsvExport.text("=cmd")))),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("team\r\n\"'=cmd\"\r\n");
  }

  @Test
  void sheetNamesAreSafeAndUnique() {
    Set<String> used = new HashSet<>(Set.of("summary"));
    assertThat(XlsxExport.sheetName("data/platform:core", used)).isEqualTo("data_platform_core");
    assertThat(XlsxExport.sheetName("Summary", used)).isEqualTo("Summary (2)");
    assertThat(XlsxExport.sheetName("\tindent\rx", used)).isEqualTo("_indent_x");
    String longName = "a-very-long-team-name-that-excel-cannot-hold";
    assertThat(XlsxExport.sheetName(longName, used)).isEqualTo(longName.substring(0, 31));
    assertThat(XlsxExport.sheetName(longName, used)).isEqualTo(longName.substring(0, 27) + " (2)");
  }

  @Test
  void chartAxesUseRoundSteps() {
    assertThat(SvgCharts.Axis.of(1.37)).isEqualTo(new SvgCharts.Axis(0.5, 3));
    assertThat(SvgCharts.Axis.of(80)).isEqualTo(new SvgCharts.Axis(20, 4));
    assertThat(SvgCharts.Axis.of(0)).isEqualTo(new SvgCharts.Axis(1, 4));
  }

  @Test
  void chartsAreSvgWithEscapedLabels() {
    LocalDate first = LocalDate.of(2026, 2, 1);
    LocalDate second = first.plusDays(1);
    String svg =
        SvgCharts.dailyColumns(
            List.of(first, second),
            List.of(
                new SvgCharts.Series(
                    "<ops & co>", "#123456", java.util.Map.of(first, new BigDecimal("2.5")))),
            Set.of(second),
            "USD",
            400,
            200,
            "trend");
    assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>");
    assertThat(svg).contains("&lt;ops &amp; co&gt;").doesNotContain("<ops");
    assertThat(svg).contains("<title>2026-02-01 &lt;ops &amp; co&gt;: $2.50</title>");
    assertThat(svg).contains("<title>2026-02-02: no data</title>");
    String bars =
        SvgCharts.horizontalBars(
            List.of(new SvgCharts.Bar("Internet", new BigDecimal("3"), "$3.00", "#b8383b")),
            500,
            "classes");
    assertThat(bars).contains(">Internet</text>").contains(">$3.00</text>");
  }
}
