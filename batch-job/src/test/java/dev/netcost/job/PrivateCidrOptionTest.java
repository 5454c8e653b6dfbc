package dev.netcost.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --private-cidr} takes the contract's prefixes; a bad one exits 1 before Spark starts. */
class PrivateCidrOptionTest {
  private static String errorOf(int[] exitCode, String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exitCode[0] = Main.execute(args);
      return err.toString(StandardCharsets.UTF_8);
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void aMalformedPrefixExitsOneNamingTheOptionAndTheText(@TempDir Path dir) {
    for (String[] bad :
        new String[][] {
          {"10.0.0.0/33", "error: --private-cidr: Invalid prefix length in '10.0.0.0/33'"},
          // 104 - 96 = 8 is fine, 129 - 96 = 33 is not: the mapped length counts 96 bits
          {
            "::ffff:10.0.0.0/129",
            "error: --private-cidr: Invalid prefix length in '::ffff:10.0.0.0/129'"
          },
          {"10.0.0.0/", "error: --private-cidr: Invalid prefix length in '10.0.0.0/'"}
        }) {
      int[] exitCode = new int[1];
      String err =
          errorOf(
              exitCode,
              "nightly",
              "--date",
              "2026-11-01",
              "--store",
              dir.toString(),
              "--private-cidr",
              "10.0.0.0/8",
              "--private-cidr",
              bad[0]);
      assertThat(exitCode[0]).as(bad[0]).isEqualTo(1);
      assertThat(err).as(bad[0]).contains(bad[1]);
    }
  }

  @Test
  void aMappedPrefixIsTheIpv4Prefix() {
    assertThat(
            NightlyCommand.config(
                    "/tmp/store",
                    java.time.LocalDate.parse("2026-11-01"),
                    "aws",
                    java.util.List.of("::ffff:10.0.0.0/104", "192.168.7.1/16"),
                    false)
                .privateCidrs())
        .extracting(Object::toString)
        .containsExactly("10.0.0.0/8", "192.168.0.0/16");
  }
}
