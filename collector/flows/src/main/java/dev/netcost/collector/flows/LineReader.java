package dev.netcost.collector.flows;

import static java.util.Objects.requireNonNull;

import dev.netcost.collector.common.Metrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/** Feeds lines through a parser; malformed lines are logged (a few per pass) and counted. */
final class LineReader {
  private static final Logger LOG = System.getLogger(LineReader.class.getName());
  private static final int LOGGED_PER_PASS = 5;

  private final Metrics.Counter malformed;

  LineReader(Metrics metrics) {
    malformed =
        requireNonNull(metrics, "metrics is null")
            .counter(
                "netcost_conntrack_malformed_lines_total",
                "Conntrack lines that could not be parsed and were skipped");
  }

  /** Returns {entries, malformed lines}. */
  long[] read(
      BufferedReader reader, ConntrackParser parser, Consumer<ConntrackParser.Line> consumer)
      throws IOException {
    return read(reader, parser, consumer, null);
  }

  /** As above; lines whose id and counters {@code sink} already knows are not parsed. */
  long[] read(
      BufferedReader reader,
      ConntrackParser parser,
      Consumer<ConntrackParser.Line> consumer,
      ConntrackSource.DumpSink sink)
      throws IOException {
    long[] quick = new long[5];
    long lineNumber = 0;
    long entries = 0;
    long bad = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      if (sink != null
          && ConntrackParser.quickScan(line, quick)
          && sink.unchanged(quick[0], quick)) {
        entries++;
        continue;
      }
      ConntrackParser.Line parsed;
      try {
        parsed = parser.parse(line, lineNumber);
      } catch (MalformedConntrackLineException e) {
        bad++;
        malformed.increment();
        if (bad <= LOGGED_PER_PASS) {
          LOG.log(Level.WARNING, e.getMessage());
        }
        continue;
      }
      entries++;
      consumer.accept(parsed);
    }
    if (bad > LOGGED_PER_PASS) {
      LOG.log(Level.WARNING, "{0} more malformed lines skipped", bad - LOGGED_PER_PASS);
    }
    return new long[] {entries, bad};
  }
}
