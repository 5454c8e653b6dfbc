package dev.netcost.pricing;

import static java.util.Objects.requireNonNull;

/**
 * A user-supplied file (price sheet, adjustment sheet, classification or network config, provider
 * range file) is malformed. The message always starts with {@code <file> line <n> field <field>:}
 * so a person can go straight to the mistake; the parts are also available for callers that map
 * errors to exit codes or metrics labels (a user error, never an internal one).
 */
public final class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String field;

  public InvalidInputException(String file, int line, String field, String problem) {
    this(file, line, field, problem, null);
  }

  public InvalidInputException(
      String file, int line, String field, String problem, Throwable cause) {
    super(
        requireNonNull(file, "file is null")
            + " line "
            + line
            + " field "
            + requireNonNull(field, "field is null")
            + ": "
            + requireNonNull(problem, "problem is null"),
        cause);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  public String file() {
    return file;
  }

  /** 1-based line number in the file. */
  public int line() {
    return line;
  }

  public String field() {
    return field;
  }
}
