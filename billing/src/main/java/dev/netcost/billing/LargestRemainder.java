package dev.netcost.billing;

import dev.netcost.contract.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/** The billing module's access to {@link Money#apportion} and {@link Money#roundKeepingTotal}. */
final class LargestRemainder {
  private LargestRemainder() {}

  static List<BigDecimal> apportion(BigDecimal amount, List<BigInteger> weights, int scale) {
    return Money.apportion(amount, weights, scale);
  }

  static List<BigDecimal> roundKeepingTotal(List<BigDecimal> parts, int scale) {
    return Money.roundKeepingTotal(parts, scale);
  }
}
