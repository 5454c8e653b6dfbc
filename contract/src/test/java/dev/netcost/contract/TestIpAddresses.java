package dev.netcost.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Address literals as every module reads them (flow rows, metadata rows, allow-lists). */
class TestIpAddresses {
  @Test
  void ipv4IsItsOwnCanonicalText() {
    assertThat(IpAddresses.canonical("10.1.2.3")).isEqualTo("10.1.2.3");
    assertThat(IpAddresses.canonical("0.0.0.0")).isEqualTo("0.0.0.0");
    assertThat(IpAddresses.canonical("255.255.255.255")).isEqualTo("255.255.255.255");
    assertThat(IpAddresses.parse("192.0.2.200")).containsExactly(192, 0, 2, 200);
  }

  @Test
  void ipv6IsCompressedAndLowerCaseAndMappedIpv4IsIpv4() {
    assertThat(IpAddresses.canonical("2001:DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
    assertThat(IpAddresses.canonical("2001:db8:0:1:0:0:0:0")).isEqualTo("2001:db8:0:1::");
    assertThat(IpAddresses.canonical("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
    assertThat(IpAddresses.canonical("::")).isEqualTo("::");
    assertThat(IpAddresses.canonical("64:ff9b::192.0.2.1")).isEqualTo("64:ff9b::c000:201");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1.2.3",
        "1.2.3.4.5",
        "1..2.3",
        ".1.2.3",
        "1.2.3.4.",
        "256.0.0.1",
        "1.2.3.1000",
        "01.2.3.4",
        "1.2.3.00",
        "1.2.3.-4",
        "1.2.3.4 ",
        "a.b.c.d",
        "1.2.3.4/32",
        "::ffff:1.2.3.04",
        "1::2::3",
        "fe80::1%eth0",
        "12345::1",
        "fe80::\uff11", // a fullwidth digit one
        "\u0661::1" // an Arabic-Indic digit one
      })
  void rejectsWhatIsNoAddressNamingIt(String text) {
    assertThatThrownBy(() -> IpAddresses.canonical(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid IP address: '" + text + "'");
    assertThatThrownBy(() -> IpAddresses.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid IP address: '" + text + "'");
  }
}
