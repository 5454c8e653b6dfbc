package dev.netcost.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSignalsConfig {
  @TempDir Path directory;

  @Test
  void defaults() {
    SignalsConfig config = SignalsConfig.defaults();
    assertThat(config.warmupDays()).isEqualTo(3);
    assertThat(config.baselineDays()).isEqualTo(14);
    assertThat(config.minBaselineDays()).isEqualTo(7);
    assertThat(config.spikeSigmas()).isEqualTo(6.0);
    assertThat(config.spikeFloorFraction()).isEqualTo(0.5);
    assertThat(config.spikeMinIncreaseBytes()).isEqualTo(104_857_600L);
    assertThat(config.miningPoolPorts())
        .containsExactlyInAnyOrder(
            3333, 4444, 5555, 6666, 7777, 14433, 14444, 20535, 20580, 45560, 45700);
    assertThat(config.proxyPorts())
        .containsExactlyInAnyOrder(1080, 3128, 8118, 9001, 9030, 9050, 9051, 9150);
    assertThat(config.countryDatabase()).isEmpty();
    assertThat(config.webhookUrl()).isEmpty();
    assertThat(config.webhookMinSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(config.allowedCountries("any")).isEmpty();
  }

  @Test
  void loadsAFileWithRelativeDatabasePaths() throws Exception {
    Path file = directory.resolve("signals.properties");
    Files.writeString(
        file,
        """
        # egress signals
        warmup.days = 5
        geoip.country_database = geo/GeoLite2-Country.mmdb
        geoip.asn_database = /var/lib/geo/GeoLite2-ASN.mmdb
        allow.countries.* = us, DE
        allow.countries.payments = US
        allow.asns.payments = AS16509, 15169
        ignore.destinations = 203.0.113.0/24, 2001:db8::/32
        ports.mining_pool = 3333
        webhook.url = https://hooks.example.com/services/T000/B000/XXXX
        webhook.format = slack
        webhook.min_severity = high
        suppress = kind=proxy_port namespace=tor-lab reason=research relay, approved
        """);
    SignalsConfig config = SignalsConfig.load(file);
    assertThat(config.warmupDays()).isEqualTo(5);
    assertThat(config.countryDatabase())
        .contains(directory.toAbsolutePath().resolve("geo/GeoLite2-Country.mmdb"));
    assertThat(config.asnDatabase()).contains(Path.of("/var/lib/geo/GeoLite2-ASN.mmdb"));
    assertThat(config.allowedCountries("payments")).contains(Set.of("US"));
    assertThat(config.allowedCountries("web")).contains(Set.of("US", "DE"));
    assertThat(config.allowedAsns("payments")).contains(Set.of(16509L, 15169L));
    assertThat(config.allowedAsns("web")).isEmpty();
    assertThat(config.ignored("203.0.113.9")).isTrue();
    assertThat(config.ignored("2001:db8:5::1")).isTrue();
    assertThat(config.ignored("198.51.100.1")).isFalse();
    assertThat(config.miningPoolPorts()).containsExactly(3333);
    assertThat(config.webhookUrl())
        .contains(URI.create("https://hooks.example.com/services/T000/B000/XXXX"));
    assertThat(config.webhookFormat()).isEqualTo(WebhookFormat.SLACK);
    assertThat(config.webhookMinSeverity()).isEqualTo(Severity.HIGH);
    assertThat(config.suppressions()).hasSize(1);
    Suppression suppression = config.suppressions().get(0);
    assertThat(suppression.kind()).contains(AlertKind.PROXY_PORT);
    assertThat(suppression.namespace()).contains("tor-lab");
    assertThat(suppression.reason()).isEqualTo("research relay, approved");
    assertThat(suppression.until()).isEqualTo(Optional.empty());
    assertThat(suppression.source()).isEqualTo(file + " line 13");
  }

  @Test
  void errorsNameTheLineAndKey() {
    assertThatThrownBy(() -> SignalsConfig.parse("warmup.days = 2\nwarmup.dayz = 3", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("s.conf line 2: unknown key: warmup.dayz");
    assertThatThrownBy(() -> SignalsConfig.parse("\n\nwarmup.days = two", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("s.conf line 3: invalid warmup.days: 'two': ");
    assertThatThrownBy(() -> SignalsConfig.parse("warmup.days = 2\nwarmup.days = 3", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("s.conf line 2: duplicate key warmup.days (first at s.conf line 1)");
    assertThatThrownBy(() -> SignalsConfig.parse("allow.countries.web = USA", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("s.conf line 1: invalid country code: USA");
    // prefixes follow the one rule set of dev.netcost.contract.IpPrefix (a bare address is a /32)
    assertThatThrownBy(() -> SignalsConfig.parse("ignore.destinations = 10.0.0.0/33", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("s.conf line 1: Invalid prefix length in '10.0.0.0/33'");
    assertThatThrownBy(() -> SignalsConfig.parse("ignore.destinations = 10.0.0", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("s.conf line 1: Invalid IP address: '10.0.0'");
    SignalsConfig bare = SignalsConfig.parse("ignore.destinations = 10.0.0.7", "s.conf");
    assertThat(bare.ignored("10.0.0.7")).isTrue();
    assertThat(bare.ignored("10.0.0.8")).isFalse();
    assertThatThrownBy(() -> SignalsConfig.parse("just text", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("s.conf line 1: expected key = value: 'just text'");
    assertThatThrownBy(() -> SignalsConfig.parse("webhook.url = ftp://x/y", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "s.conf line 1: invalid webhook.url: 'ftp://x/y': expected an http or https URL");
    assertThatThrownBy(() -> SignalsConfig.parse("spike.min_baseline_days = 20", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("s.conf: spike.min_baseline_days must be between 1 and baseline.days (14): 20");
    assertThatThrownBy(() -> SignalsConfig.parse("ports.proxy = 9050, 70000", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("s.conf line 1: ports.proxy: invalid port: 70000");
  }

  @Test
  void suppressionErrors() {
    assertThatThrownBy(() -> SignalsConfig.parse("suppress = kind=new_port", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "s.conf line 1: suppression needs a reason=... (last field) so the next reader knows why");
    assertThatThrownBy(() -> SignalsConfig.parse("suppress = colour=red reason=x", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "s.conf line 1: invalid suppression field colour=red: unknown suppression field: colour"
                + " (expected kind, cluster, namespace, workload, country, asn, destination, port,"
                + " until or reason)");
    assertThatThrownBy(() -> SignalsConfig.parse("suppress = kind=miner reason=x", "s.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "s.conf line 1: invalid suppression field kind=miner: Invalid alert kind: miner");
  }

  @Test
  void suppressionExpiresAfterUntil() {
    SignalsConfig config =
        SignalsConfig.parse(
            "suppress = workload=*-canary destination=192.0.2.0/24 port=443 until=2026-11-03 reason=x",
            "s.conf");
    Suppression rule = config.suppressions().get(0);
    Alert alert = alert(LocalDate.parse("2026-11-03"), "web-canary", "192.0.2.5", 443);
    assertThat(rule.matches(alert)).isTrue();
    assertThat(rule.matches(alert(LocalDate.parse("2026-11-04"), "web-canary", "192.0.2.5", 443)))
        .isFalse();
    assertThat(rule.matches(alert(LocalDate.parse("2026-11-03"), "web", "192.0.2.5", 443)))
        .isFalse();
    assertThat(rule.matches(alert(LocalDate.parse("2026-11-03"), "web-canary", "192.0.3.5", 443)))
        .isFalse();
    assertThat(rule.matches(alert(LocalDate.parse("2026-11-03"), "web-canary", "192.0.2.5", 80)))
        .isFalse();
  }

  private static Alert alert(LocalDate date, String workload, String ip, int port) {
    return new Alert(
        date,
        Severity.LOW,
        AlertKind.NEW_PORT,
        new WorkloadId("c", "ns", "Deployment", workload),
        "team",
        "tcp/" + port,
        ip,
        DestinationNetworks.prefix(ip),
        "tcp",
        port,
        null,
        null,
        null,
        1,
        1,
        1,
        null,
        null,
        date.atStartOfDay().toInstant(java.time.ZoneOffset.UTC),
        "m",
        false,
        null);
  }
}
