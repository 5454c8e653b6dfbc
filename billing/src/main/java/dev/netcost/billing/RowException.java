package dev.netcost.billing;

import static java.util.Objects.requireNonNull;

/** A row's field could not be read; the reader turns it into a {@link RejectedRow}. */
final class RowException extends RuntimeException {
  private final String field;
  private final String reason;

  RowException(String field, String reason) {
    super(field + ": " + reason);
    this.field = requireNonNull(field, "field is null");
    this.reason = requireNonNull(reason, "reason is null");
  }

  String field() {
    return field;
  }

  String reason() {
    return reason;
  }
}
