package dev.netcost.collector.flows;

/** A conntrack line that cannot be parsed; the message names the source, the line and why. */
final class MalformedConntrackLineException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_QUOTED = 300;

  MalformedConntrackLineException(String source, long lineNumber, String reason, String line) {
    super(
        "Cannot parse line "
            + lineNumber
            + " of "
            + source
            + ": "
            + reason
            + ": '"
            + quote(line)
            + "'");
  }

  private static String quote(String line) {
    String printable = line.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= MAX_QUOTED
        ? printable
        : printable.substring(0, MAX_QUOTED) + "...(" + line.length() + " chars)";
  }
}
