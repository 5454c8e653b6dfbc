package dev.netcost.contract;

import static java.util.Objects.requireNonNull;

/** A failure with its {@link ErrorKind}; the message is meant for the person running netcost. */
public final class NetcostException extends RuntimeException {
  private final ErrorKind kind;

  public NetcostException(ErrorKind kind, String message) {
    super(message);
    this.kind = requireNonNull(kind, "kind is null");
  }

  public NetcostException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind is null");
  }

  public static NetcostException user(String format, Object... arguments) {
    return new NetcostException(ErrorKind.USER, String.format(format, arguments));
  }

  public static NetcostException external(String message, Throwable cause) {
    return new NetcostException(ErrorKind.EXTERNAL, message, cause);
  }

  public ErrorKind kind() {
    return kind;
  }
}
