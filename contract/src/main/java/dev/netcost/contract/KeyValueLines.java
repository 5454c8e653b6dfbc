package dev.netcost.contract;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The line format of netcost's small settings files (the signals settings, the collector's team
 * mapping): UTF-8, a leading byte order mark dropped, lines ended by LF, CRLF or CR; each line is
 * stripped of surrounding white space; empty lines and lines starting with {@code #} are skipped;
 * every other line is split at its first {@code =} into a key and a value, both stripped. Nothing
 * is escaped or continued: a value is the rest of its line, {@code =} and {@code #} included.
 *
 * <p>This reads lines only; what keys mean, which may repeat and which values are valid is the
 * caller's, whose errors name the file and {@link Line#number()}. Kept hand-written on purpose:
 * {@code java.util.Properties} loses line numbers and repeated keys and reads backslashes as
 * escapes, and the files are not YAML.
 */
public final class KeyValueLines {
  private KeyValueLines() {}

  /**
   * One line that is neither blank nor a comment.
   *
   * @param number 1-based line number in the file
   * @param text the stripped line, for messages
   * @param key the stripped text before the first {@code =}; empty when the line has none
   * @param value the stripped text after the first {@code =}; empty when the line has none
   */
  public record Line(int number, String text, String key, String value) {
    public Line {
      requireNonNull(text, "text is null");
      requireNonNull(key, "key is null");
      requireNonNull(value, "value is null");
    }

    /** Whether the line has an {@code =} with a non-empty key before it. */
    public boolean hasKey() {
      return !key.isEmpty();
    }
  }

  public static List<Line> parse(String text) {
    requireNonNull(text, "text is null");
    String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<Line> lines = new ArrayList<>();
    int number = 0;
    for (String raw : (Iterable<String>) content.lines()::iterator) {
      number++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      String key = equals < 0 ? "" : line.substring(0, equals).strip();
      String value = equals < 0 ? "" : line.substring(equals + 1).strip();
      lines.add(new Line(number, line, key, value));
    }
    return lines;
  }

  public static List<Line> read(Path file) throws IOException {
    requireNonNull(file, "file is null");
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }
}
