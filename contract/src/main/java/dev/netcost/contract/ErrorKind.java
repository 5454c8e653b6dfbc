package dev.netcost.contract;

/**
 * Who is at fault when a command fails; the command line maps it to the exit code and metrics use
 * it as a label.
 */
public enum ErrorKind {
  /** Bad input or configuration: the message names the file, row and field. Exit code 1. */
  USER(1),
  /** An external system (object store, API server, kernel) failed. Exit code 2. */
  EXTERNAL(2),
  /** A bug in netcost. Exit code 3. */
  INTERNAL(3);

  private final int exitCode;

  ErrorKind(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
