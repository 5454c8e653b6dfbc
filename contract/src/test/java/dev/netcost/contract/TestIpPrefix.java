package dev.netcost.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** The rules for what a prefix may be, for every module (they all parse with IpPrefix). */
class TestIpPrefix {
  @Test
  void canonicalText() {
    assertThat(IpPrefix.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
    assertThat(IpPrefix.parse("10.1.2.3")).hasToString("10.1.2.3/32");
    assertThat(IpPrefix.parse("2001:DB8:0:0:1::/32")).hasToString("2001:db8::/32");
    assertThat(IpPrefix.parse("2001:db8::1")).hasToString("2001:db8::1/128");
    assertThat(IpPrefix.parse("0.0.0.0/0")).hasToString("0.0.0.0/0");
    assertThat(IpPrefix.parse("::/0")).hasToString("::/0");
  }

  @Test
  void ipv4MappedPrefixesAreIpv4AndCountTheMappedBits() {
    assertThat(IpPrefix.parse("::ffff:10.0.0.0/104")).isEqualTo(IpPrefix.parse("10.0.0.0/8"));
    assertThat(IpPrefix.parse("::ffff:192.0.2.1")).hasToString("192.0.2.1/32");
    assertThat(IpPrefix.parse("::ffff:10.0.0.0/104").ipv6()).isFalse();
    assertThatThrownBy(() -> IpPrefix.parse("::ffff:10.0.0.0/95"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid prefix length in '::ffff:10.0.0.0/95'");
  }

  @Test
  void rejectsWhatIsNoPrefix() {
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/33"))
        .hasMessage("Invalid prefix length in '10.0.0.0/33'");
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/"))
        .hasMessage("Invalid prefix length in '10.0.0.0/'");
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/-1"))
        .hasMessage("Invalid prefix length in '10.0.0.0/-1'");
    assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/ 8"))
        .hasMessage("Invalid prefix length in '10.0.0.0/ 8'");
    assertThatThrownBy(() -> IpPrefix.parse("2001:db8::/129"))
        .hasMessage("Invalid prefix length in '2001:db8::/129'");
    assertThatThrownBy(() -> IpPrefix.parse("fe80::1%eth0/64"))
        .hasMessage("Invalid IP address: 'fe80::1%eth0'");
    assertThatThrownBy(() -> IpPrefix.parse("example.com/8"))
        .hasMessage("Invalid IP address: 'example.com'");
    assertThatThrownBy(() -> IpPrefix.parse("010.0.0.0/8"))
        .hasMessage("Invalid IP address: '010.0.0.0'");
    assertThatThrownBy(() -> IpPrefix.parse("")).hasMessage("Invalid IP address: ''");
  }

  @Test
  void containment() {
    IpPrefix odd = IpPrefix.parse("10.8.0.0/13");
    assertThat(odd.contains("10.8.0.0")).isTrue();
    assertThat(odd.contains("10.15.255.255")).isTrue();
    assertThat(odd.contains("10.16.0.0")).isFalse();
    assertThat(odd.contains("10.7.255.255")).isFalse();
    assertThat(odd.contains("::ffff:10.9.0.1")).isTrue();
    assertThat(odd.contains("2001:db8::1")).isFalse();
    assertThat(IpPrefix.parse("::/0").contains("10.0.0.1")).isFalse();
    assertThat(IpPrefix.parse("0.0.0.0/0").contains("255.255.255.255")).isTrue();
    IpPrefix v6 = IpPrefix.parse("2001:db8:8000::/33");
    assertThat(v6.contains("2001:db8:8000::1")).isTrue();
    assertThat(v6.contains("2001:db8:7fff:ffff::")).isFalse();
    assertThat(IpPrefix.parse("10.0.0.0/8").covers(odd)).isTrue();
    assertThat(odd.covers(IpPrefix.parse("10.0.0.0/8"))).isFalse();
    assertThat(odd.covers(odd)).isTrue();
  }

  @Test
  void ofAddressAndLength() {
    assertThat(IpPrefix.of(IpAddresses.parse("203.0.113.77"), 24)).hasToString("203.0.113.0/24");
    assertThat(IpPrefix.of(IpAddresses.parse("2001:db8:1:2::9"), 48))
        .hasToString("2001:db8:1::/48");
    assertThatThrownBy(() -> IpPrefix.of(IpAddresses.parse("203.0.113.77"), 33))
        .hasMessage("Invalid prefix length 33 for 203.0.113.77");
  }

  @Test
  void serializableForSparkClosures() throws Exception {
    IpPrefix prefix = IpPrefix.parse("100.64.0.0/10");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(prefix);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      IpPrefix copy = (IpPrefix) in.readObject();
      assertThat(copy).isEqualTo(prefix);
      assertThat(copy.contains("100.127.255.255")).isTrue();
    }
  }
}
