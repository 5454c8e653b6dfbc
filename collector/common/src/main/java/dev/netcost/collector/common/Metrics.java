package dev.netcost.collector.common;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * A small registry of counters and gauges rendered in the Prometheus text exposition format
 * (version 0.0.4). Counters are monotonic longs; gauges are read from a supplier at scrape time.
 * Thread-safe: series are registered under the registry's lock and updated lock-free.
 */
public final class Metrics {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private final Map<String, Family> families = new LinkedHashMap<>();

  /** Registers (or returns the existing) counter series {@code name{labels}}. */
  public synchronized Counter counter(String name, String help, String... labelPairs) {
    Family family = family(name, help, "counter");
    String labels = labels(labelPairs);
    Series series = family.series.get(labels);
    if (series == null) {
      Counter counter = new Counter();
      family.series.put(labels, new Series(counter, null));
      return counter;
    }
    if (series.counter == null) {
      throw new IllegalArgumentException("Metric " + name + labels + " is not a counter");
    }
    return series.counter;
  }

  /** Registers a gauge series whose value is read from {@code value} at each scrape. */
  public synchronized void gauge(
      String name, String help, DoubleSupplier value, String... labelPairs) {
    requireNonNull(value, "value is null");
    Family family = family(name, help, "gauge");
    family.series.put(labels(labelPairs), new Series(null, value));
  }

  /** The value of a registered counter, or of a gauge, for tests and the health check. */
  public synchronized double value(String name, String... labelPairs) {
    Family family = families.get(name);
    Series series = family == null ? null : family.series.get(labels(labelPairs));
    if (series == null) {
      throw new IllegalArgumentException("No metric " + name + labels(labelPairs));
    }
    return series.counter != null ? series.counter.value() : series.gauge.getAsDouble();
  }

  /** All series in the Prometheus text format. */
  public synchronized String exposition() {
    StringBuilder out = new StringBuilder(4096);
    for (Map.Entry<String, Family> entry : families.entrySet()) {
      Family family = entry.getValue();
      out.append("# HELP ").append(entry.getKey()).append(' ').append(family.help).append('\n');
      out.append("# TYPE ").append(entry.getKey()).append(' ').append(family.type).append('\n');
      for (Map.Entry<String, Series> series : family.series.entrySet()) {
        Series s = series.getValue();
        out.append(entry.getKey()).append(series.getKey()).append(' ');
        if (s.counter != null) {
          out.append(s.counter.value());
        } else {
          out.append(format(s.gauge.getAsDouble()));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private Family family(String name, String help, String type) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid metric name: '" + name + "'");
    }
    Family family = families.computeIfAbsent(name, n -> new Family(help, type));
    if (!family.type.equals(type)) {
      throw new IllegalArgumentException(
          "Metric " + name + " is a " + family.type + ", not a " + type);
    }
    return family;
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  static String labels(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("Labels must be name/value pairs");
    }
    if (pairs.length == 0) {
      return "";
    }
    List<String> parts = new ArrayList<>(pairs.length / 2);
    for (int i = 0; i < pairs.length; i += 2) {
      if (!NAME.matcher(pairs[i]).matches()) {
        throw new IllegalArgumentException("Invalid label name: '" + pairs[i] + "'");
      }
      parts.add(
          pairs[i] + "=\"" + escape(requireNonNull(pairs[i + 1], "label value is null")) + "\"");
    }
    return "{" + String.join(",", parts) + "}";
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** A monotonic counter. */
  public static final class Counter {
    private final AtomicLong value = new AtomicLong();

    public void increment() {
      value.incrementAndGet();
    }

    public void add(long amount) {
      if (amount < 0) {
        throw new IllegalArgumentException("Counter increment is negative: " + amount);
      }
      value.addAndGet(amount);
    }

    public long value() {
      return value.get();
    }
  }

  private static final class Family {
    final String help;
    final String type;
    final Map<String, Series> series = new LinkedHashMap<>();

    Family(String help, String type) {
      this.help = requireNonNull(help, "help is null");
      this.type = type;
    }
  }

  private record Series(Counter counter, DoubleSupplier gauge) {}
}
