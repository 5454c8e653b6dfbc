package dev.netcost.collector.metadata;

import java.util.function.BooleanSupplier;

/**
 * Waits for a watch event to be processed. This bounds how long a test waits for an asynchronous
 * event; it asserts nothing about time.
 */
final class Await {
  private Await() {}

  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for: " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting for: " + what, e);
      }
    }
  }
}
