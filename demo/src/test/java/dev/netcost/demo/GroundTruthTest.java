package dev.netcost.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.TrafficClass;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The ground truth's CSV and the generator's labels_json: their exact text. */
class GroundTruthTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

  @Test
  void writesOneRowPerGroupWithSummedBytesAndCost() {
    GroundTruth truth = new GroundTruth();
    truth.add(
        DAY,
        "demo",
        "web",
        "storefront",
        "Deployment",
        "web",
        TrafficClass.CROSS_ZONE,
        1_000,
        2_000,
        new BigDecimal("0.000000010"));
    truth.add(
        DAY,
        "demo",
        "web",
        "storefront",
        "Deployment",
        "web",
        TrafficClass.CROSS_ZONE,
        500,
        0,
        new BigDecimal("0.000000005"));
    // unpriced: the bytes count as unpriced and the cost is empty
    truth.add(
        DAY,
        "demo",
        "sandbox",
        "sandbox",
        "Deployment",
        "experiment",
        TrafficClass.UNKNOWN,
        7,
        3,
        null);
    // another day is in another file
    truth.add(
        DAY.plusDays(1),
        "demo",
        "web",
        "storefront",
        "Deployment",
        "web",
        TrafficClass.SAME_ZONE,
        1,
        1,
        BigDecimal.ZERO.setScale(9));

    assertThat(new String(truth.csv(DAY), StandardCharsets.UTF_8))
        .isEqualTo(
            "date,cluster,team,namespace,workload_kind,workload,traffic_class,egress_bytes,"
                + "ingress_bytes,unpriced_bytes,cost\r\n"
                + "2026-11-01,demo,sandbox,sandbox,Deployment,experiment,unknown,7,3,10,\r\n"
                + "2026-11-01,demo,web,storefront,Deployment,web,cross_zone,1500,2000,0,"
                + "0.000000015\r\n");
  }

  @Test
  void quotesAValueThatHoldsACommaOrAQuote() {
    GroundTruth truth = new GroundTruth();
    truth.add(
        DAY,
        "demo",
        "web, mobile",
        "store\"front",
        "Deployment",
        "web",
        TrafficClass.INTERNET,
        1,
        0,
        new BigDecimal("1E-9"));

    assertThat(new String(truth.csv(DAY), StandardCharsets.UTF_8))
        .endsWith(
            "\r\n2026-11-01,demo,\"web, mobile\",\"store\"\"front\",Deployment,web,internet,1,0,0,"
                + "0.000000001\r\n");
  }
}
