package dev.netcost.report;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Charts as inline SVG, drawn here rather than by a charting library so that the HTML is one
 * self-contained file that browsers, Chromium's PDF printer and mail clients all show the same way.
 * Geometry is computed in double (pixels); every number printed on a chart comes from the exact
 * amounts.
 */
final class SvgCharts {
  static final String FONT = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";
  static final String AXIS = "#5f6b7a";
  static final String GRID = "#e3e7ed";

  private SvgCharts() {}

  /** One stacked series of a column chart. */
  record Series(String name, String color, Map<LocalDate, BigDecimal> values) {
    Series {
      requireNonNull(name, "name is null");
      requireNonNull(color, "color is null");
      values = Map.copyOf(values);
    }
  }

  /** One bar of a horizontal bar chart. */
  record Bar(String label, BigDecimal value, String valueLabel, String color) {
    Bar {
      requireNonNull(label, "label is null");
      requireNonNull(value, "value is null");
      requireNonNull(valueLabel, "valueLabel is null");
      requireNonNull(color, "color is null");
    }
  }

  /** Daily cost as stacked columns, one column per day of the month, days without data hatched. */
  static String dailyColumns(
      List<LocalDate> days,
      List<Series> series,
      Set<LocalDate> missing,
      String currency,
      int width,
      int height,
      String title) {
    double left = 70;
    double right = 14;
    double top = 14;
    double legendHeight = series.size() > 1 || !missing.isEmpty() ? 22 : 0;
    double bottom = 30 + legendHeight;
    double plotWidth = width - left - right;
    double plotHeight = height - top - bottom;

    double max = 0;
    for (LocalDate day : days) {
      double total = 0;
      for (Series each : series) {
        total += each.values().getOrDefault(day, BigDecimal.ZERO).doubleValue();
      }
      max = Math.max(max, total);
    }
    Axis axis = Axis.of(max);

    StringBuilder svg = open(width, height, title);
    svg.append(
            "<defs><pattern id=\"nodata\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"")
        .append(
            " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4f5f7\"/>")
        .append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c5cbd3\" stroke-width=\"2\"/>")
        .append("</pattern></defs>");
    // horizontal grid and y labels
    for (int tick = 0; tick <= axis.ticks(); tick++) {
      double value = tick * axis.step();
      double y = top + plotHeight - value / axis.max() * plotHeight;
      svg.append(line(left, y, left + plotWidth, y, tick == 0 ? AXIS : GRID, 1));
      svg.append(text(left - 8, y + 4, axisMoney(value, axis.step(), currency), "end", 11, AXIS));
    }
    double slot = plotWidth / days.size();
    double barWidth = Math.max(2, slot * 0.72);
    int labelEvery = days.size() > 16 ? 2 : 1;
    for (int index = 0; index < days.size(); index++) {
      LocalDate day = days.get(index);
      double x = left + index * slot + (slot - barWidth) / 2;
      if (missing.contains(day)) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"url(#nodata)\">"
                    + "<title>%s: no data</title></rect>",
                x,
                top,
                barWidth,
                plotHeight,
                escape(day.toString())));
      }
      double base = top + plotHeight;
      for (Series each : series) {
        double value = each.values().getOrDefault(day, BigDecimal.ZERO).doubleValue();
        if (value <= 0) {
          continue;
        }
        double barHeight = value / axis.max() * plotHeight;
        base -= barHeight;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s %s: %s</title></rect>",
                x,
                base,
                barWidth,
                barHeight,
                each.color(),
                escape(day.toString()),
                escape(each.name()),
                escape(Formats.money(each.values().get(day), currency))));
      }
      if (index % labelEvery == 0) {
        svg.append(
            text(
                left + index * slot + slot / 2,
                top + plotHeight + 15,
                Integer.toString(day.getDayOfMonth()),
                "middle",
                10,
                AXIS));
      }
    }
    if (legendHeight > 0) {
      double x = left;
      double y = height - 8;
      for (Series each : series) {
        x = legendEntry(svg, x, y, each.color(), each.name());
      }
      if (!missing.isEmpty()) {
        legendEntry(svg, x, y, "url(#nodata)", "No data");
      }
    }
    return svg.append("</svg>").toString();
  }

  /** Horizontal bars with the label on the left and the value printed after the bar. */
  static String horizontalBars(List<Bar> bars, int width, String title) {
    double rowHeight = 22;
    double labelWidth = 170;
    double valueWidth = 120;
    double top = 6;
    int height = (int) Math.ceil(top * 2 + rowHeight * Math.max(1, bars.size()));
    double plotWidth = width - labelWidth - valueWidth;
    double max = bars.stream().mapToDouble(bar -> bar.value().doubleValue()).max().orElse(0);
    StringBuilder svg = open(width, height, title);
    for (int index = 0; index < bars.size(); index++) {
      Bar bar = bars.get(index);
      double y = top + index * rowHeight;
      double length = max <= 0 ? 0 : Math.max(0, bar.value().doubleValue()) / max * plotWidth;
      svg.append(text(labelWidth - 10, y + rowHeight / 2 + 4, bar.label(), "end", 12, "#1f2a37"));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" fill=\"%s\"/>",
              labelWidth,
              y + 5,
              Math.max(length, 1),
              rowHeight - 10,
              bar.color()));
      svg.append(
          text(
              labelWidth + length + 6, y + rowHeight / 2 + 4, bar.valueLabel(), "start", 11, AXIS));
    }
    svg.append(line(labelWidth, top, labelWidth, height - top, AXIS, 1));
    return svg.append("</svg>").toString();
  }

  /** A y axis with 4–6 round ticks covering max. */
  record Axis(double step, int ticks) {
    double max() {
      return step * ticks;
    }

    static Axis of(double max) {
      if (max <= 0) {
        return new Axis(1, 4);
      }
      double rough = max / 4;
      double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
      double step = magnitude;
      for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
        step = factor * magnitude;
        if (step >= rough) {
          break;
        }
      }
      return new Axis(step, (int) Math.ceil(max / step - 1e-9));
    }
  }

  private static String axisMoney(double value, double step, String currency) {
    BigDecimal amount = new BigDecimal(Double.toString(value));
    if (step >= 1) {
      String text = Formats.money(amount, currency);
      return text.replace(".00", "");
    }
    return Formats.money(amount, currency);
  }

  private static double legendEntry(
      StringBuilder svg, double x, double y, String fill, String name) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"11\" height=\"11\" rx=\"2\" fill=\"%s\"/>",
            x,
            y - 10,
            fill));
    svg.append(text(x + 16, y, name, "start", 11, "#1f2a37"));
    return x + 16 + 7.0 * name.length() + 18;
  }

  private static StringBuilder open(int width, int height, String title) {
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" font-family=\"%s\">",
            width,
            height,
            width,
            height,
            escape(title),
            FONT));
    svg.append("<title>").append(escape(title)).append("</title>");
    return svg;
  }

  private static String line(
      double x1, double y1, double x2, double y2, String color, double width) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>",
        x1,
        y1,
        x2,
        y2,
        color,
        width);
  }

  private static String text(
      double x, double y, String content, String anchor, int size, String color) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\">%s</text>",
        x,
        y,
        anchor,
        size,
        color,
        escape(content));
  }

  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
