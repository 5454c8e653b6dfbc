package dev.netcost.collector.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and garbled lines: either a parsed entry or a clear error naming the line, never a crash.
 */
class ConntrackParserPropertiesTest {
  private static final List<String> REAL;

  static {
    try {
      List<String> lines = new ArrayList<>();
      lines.addAll(ConntrackParserTest.fixture("conntrack-extended-id.txt"));
      lines.addAll(ConntrackParserTest.fixture("conntrack-extended.txt"));
      lines.addAll(ConntrackParserTest.fixture("proc-nf-conntrack.txt"));
      lines.addAll(ConntrackParserTest.fixture("conntrack-events.txt"));
      REAL = List.copyOf(lines);
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Property(tries = 2000)
  void randomTextNeverCrashes(@ForAll("noise") String line) {
    checkParsesOrFailsClearly(line, 41);
  }

  @Property(tries = 3000)
  void garbledRealLinesNeverCrash(@ForAll("garbled") String line) {
    checkParsesOrFailsClearly(line, 7);
  }

  @Property(tries = 500)
  void truncatedRealLinesNeverCrash(@ForAll("truncated") String line) {
    checkParsesOrFailsClearly(line, 3);
  }

  private static void checkParsesOrFailsClearly(String line, long lineNumber) {
    ConntrackParser parser = new ConntrackParser("fuzz");
    try {
      ConntrackParser.Line parsed = parser.parse(line, lineNumber);
      ConntrackEntry entry = parsed.entry();
      assertThat(entry.originalSource()).isNotEmpty();
      assertThat(entry.replySource()).isNotEmpty();
      assertThat(entry.originalBytes()).isNotNegative();
      assertThat(entry.replyBytes()).isNotNegative();
      assertThat(entry.originalSourcePort()).isBetween(0, 65535);
    } catch (MalformedConntrackLineException e) {
      assertThat(e.getMessage()).startsWith("Cannot parse line " + lineNumber + " of fuzz: ");
    }
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200),
        Arbitraries.strings()
            .withChars("ipv46 =[]0123456789.:abcdefsrcdstportbyteskl\t")
            .ofMaxLength(300));
  }

  @Provide
  Arbitrary<String> garbled() {
    Arbitrary<String> line = Arbitraries.of(REAL);
    return Arbitraries.integers()
        .between(0, 4)
        .flatMap(
            kind ->
                line.flatMap(
                    real ->
                        Arbitraries.integers()
                            .between(0, real.length() - 1)
                            .flatMap(
                                position ->
                                    Arbitraries.chars()
                                        .all()
                                        .map(c -> garble(real, kind, position, c)))));
  }

  @Provide
  Arbitrary<String> truncated() {
    return Arbitraries.of(REAL)
        .flatMap(
            real ->
                Arbitraries.integers().between(0, real.length()).map(n -> real.substring(0, n)));
  }

  private static String garble(String real, int kind, int position, char c) {
    return switch (kind) {
      case 0 -> real.substring(0, position) + c + real.substring(position + 1);
      case 1 -> real.substring(0, position) + real.substring(position + 1);
      case 2 -> real.substring(0, position) + c + real.substring(position);
      case 3 -> real.substring(0, position) + " " + real.substring(position).replace('=', c);
      default -> real.substring(position) + " " + real.substring(0, position);
    };
  }
}
