package dev.netcost.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class TestClassifierProperties {
  private static final DestinationClassifier CLASSIFIER =
      new DestinationClassifier(
          TestDestinationClassifier.kubecostRules(), TestDestinationClassifier.smallRanges());
  private static final LocalEndpoint LOCAL =
      new LocalEndpoint("aws", "us-east-1", Optional.of("us-east-1a"));

  @Property(tries = 2000)
  void ipv4MappedIpv6ClassifiesLikeIpv4(
      @ForAll byte a, @ForAll byte b, @ForAll byte c, @ForAll byte d) {
    String v4 = (a & 0xff) + "." + (b & 0xff) + "." + (c & 0xff) + "." + (d & 0xff);
    assertThat(CLASSIFIER.classify(LOCAL, "::ffff:" + v4))
        .isEqualTo(CLASSIFIER.classify(LOCAL, v4));
  }

  @Property(tries = 2000)
  void everyIpv6AddressGetsAClassAndUlaIsNeverInternet(@ForAll long high, @ForAll long low) {
    byte[] address = new byte[16];
    for (int i = 0; i < 8; i++) {
      address[i] = (byte) (high >>> (56 - 8 * i));
      address[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    Destination destination = CLASSIFIER.classify(LOCAL, address);
    assertThat(destination.reason()).isNotEmpty();
    if ((address[0] & 0xfe) == 0xfc) {
      assertThat(destination.trafficClass()).isNotEqualTo(TrafficClass.INTERNET);
    }
  }
}
