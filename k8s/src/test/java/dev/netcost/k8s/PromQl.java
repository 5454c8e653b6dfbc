package dev.netcost.k8s;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects (not a full parser: it removes strings, label
 * matchers, range and subquery brackets, grouping label lists and Grafana variables, then takes
 * every identifier that is neither a function or aggregation call nor a keyword).
 */
final class PromQl {
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "Inf",
          "NaN");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.*),\\s*\\w+\\s*\\)");

  private static final Pattern SELECTOR =
      Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\}");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One label matcher of a selector: {@code metric{label op "value"}}. */
  record LabelMatcher(String metric, String label, String operator, String value) {}

  private PromQl() {}

  /** The label matchers of every selector with a metric name in the expression. */
  static java.util.List<LabelMatcher> matchers(String expression) {
    java.util.List<LabelMatcher> matchers = new java.util.ArrayList<>();
    java.util.regex.Matcher selector = SELECTOR.matcher(expression);
    while (selector.find()) {
      java.util.regex.Matcher matcher = MATCHER.matcher(selector.group(2));
      while (matcher.find()) {
        matchers.add(
            new LabelMatcher(
                selector.group(1), matcher.group(1), matcher.group(2), matcher.group(3)));
      }
    }
    return matchers;
  }

  static Set<String> metricNames(String expression) {
    String s = expression;
    // Grafana's label_values(metric{...}, label): the last argument is a label, not a metric
    Matcher labelValues = LABEL_VALUES.matcher(s);
    if (labelValues.matches()) {
      s = labelValues.group(1);
    }
    s = s.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
    s = s.replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''");
    s = s.replaceAll("`[^`]*`", "``");
    s = s.replaceAll("\\{[^}]*\\}", " ");
    s = s.replaceAll("\\[[^\\]]*\\]", " ");
    s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    s = s.replaceAll("\\$\\{?\\w+\\}?", " ");
    Set<String> names = new TreeSet<>();
    Matcher matcher = IDENTIFIER.matcher(s);
    while (matcher.find()) {
      if (matcher.group(2) == null && !KEYWORDS.contains(matcher.group(1))) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }
}
