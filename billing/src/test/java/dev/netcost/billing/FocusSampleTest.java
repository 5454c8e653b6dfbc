package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.TrafficClass;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The real FOCUS 1.0 sample (FOCUS-Sample-Data, Sept 2024; AWS, Microsoft and Oracle rows). */
class FocusSampleTest {
  private static final String SAMPLE = "billing/focus/focus_1.0_sample.csv";

  @Test
  void everyRowIsParsed() {
    ReadResult result = BillingExportReader.read(BillingFormat.FOCUS, Samples.require(SAMPLE));
    assertThat(result.rejections()).isEmpty();
    assertThat(result.rowsRead()).isEqualTo(1000);
    assertThat(result.lines())
        .extracting(BillingLine::provider)
        .filteredOn(provider -> provider == BillingProvider.AWS)
        .hasSize(942);
    assertThat(result.lines())
        .extracting(BillingLine::provider)
        .filteredOn(provider -> provider == BillingProvider.AZURE)
        .hasSize(51);
    assertThat(result.lines())
        .extracting(BillingLine::provider)
        .filteredOn(provider -> provider == BillingProvider.OCI)
        .hasSize(7);
  }

  @Test
  void readsTimestampsWithoutTAndZAndNullsWrittenAsNull() {
    ReadResult result = BillingExportReader.read(BillingFormat.FOCUS, Samples.require(SAMPLE));
    BillingLine first = result.lines().get(0);
    // row 1: ChargePeriodStart 2024-09-18 22:00:00, AvailabilityZone NULL, Tags NULL
    assertThat(first.sourceRow()).isEqualTo(1);
    assertThat(first.usageDay()).isEqualTo(LocalDate.of(2024, 9, 18));
    assertThat(first.availabilityZone()).isEmpty();
    assertThat(first.netCost()).isEqualByComparingTo("0.0000008");
    assertThat(first.listCost()).isEqualByComparingTo("0.0000008");
    assertThat(first.region()).contains("us-west-2");
    // the Azure rows carry the unit price in AvailabilityZone: not a zone
    assertThat(result.lines())
        .filteredOn(line -> line.provider() == BillingProvider.AZURE)
        .allSatisfy(line -> assertThat(line.availabilityZone()).isEmpty());
  }

  @Test
  void networkTotalsPerDayClassAndRegionMatchSql() throws Exception {
    Path file = Samples.require(SAMPLE);
    ReadResult result = BillingExportReader.read(BillingFormat.FOCUS, file);
    // the classification again, written as SQL over the charge descriptions
    String sql =
        """
        SELECT day || '/' || provider || '/' || kind || '/' || class || '/' || direction || '/'
                   || region || '/-' AS key,
               count(*) AS lines,
               sum(CAST(ListCost AS DECIMAL(38, 18))) AS list_cost,
               sum(CAST(BilledCost AS DECIMAL(38, 18))) AS net_cost,
               sum(CAST(ConsumedQuantity AS DECIMAL(38, 18))) AS usage_gib
        FROM (
          SELECT *,
                 substr(ChargePeriodStart, 1, 10) AS day,
                 CASE ProviderName WHEN 'AWS' THEN 'aws' WHEN 'Microsoft' THEN 'azure'
                                   ELSE 'oci' END AS provider,
                 CASE WHEN ChargeDescription LIKE '%NAT Gateway%' THEN 'nat_gateway'
                      ELSE 'transfer' END AS kind,
                 CASE WHEN ChargeDescription LIKE '%NAT Gateway%' THEN 'internet'
                      WHEN ChargeDescription LIKE '%regional data transfer%' THEN 'cross_zone'
                      WHEN ChargeDescription LIKE '%CloudFront%' THEN 'internet'
                      WHEN ChargeDescription LIKE '%Inter-Region%' THEN 'cross_region'
                      WHEN regexp_matches(ChargeDescription, 'data transfer (to|from) ')
                        THEN 'cross_region'
                      ELSE 'internet' END AS class,
                 CASE WHEN ChargeDescription LIKE '%NAT Gateway%'
                        OR ChargeDescription LIKE '%regional data transfer%' THEN 'both'
                      WHEN regexp_matches(ChargeDescription,
                          'data transfer (from|in)|DataTransfer-In-Bytes|Inbound')
                        THEN 'ingress'
                      ELSE 'egress' END AS direction,
                 CASE WHEN RegionId = 'NULL' THEN lower(RegionName)
                      ELSE lower(RegionId) END AS region
          FROM read_csv('$FILE', all_varchar = true, header = true)
          WHERE ConsumedUnit IN ('GB', 'GiB')
            AND (regexp_matches(ChargeDescription,
                   '(?i)data transfer|DataTransfer-(In|Out)-Bytes')
                 OR ChargeDescription LIKE '%Data Processed by NAT Gateway%'))
        GROUP BY ALL
        """
            .replace("$FILE", file.toString());
    Map<String, IndependentSums.Totals> expected = IndependentSums.query(sql);
    assertThat(expected).isNotEmpty();
    IndependentSums.assertSameTotals(IndependentSums.fromJava(result.lines()), expected);
    long classified =
        result.lines().stream()
            .filter(line -> NetworkClassifier.classify(line).isPresent())
            .count();
    assertThat(classified)
        .isEqualTo(expected.values().stream().mapToLong(IndependentSums.Totals::lines).sum());
  }

  @Test
  void azureRowsClassifyFromTheirDescriptions() {
    ReadResult result = BillingExportReader.read(BillingFormat.FOCUS, Samples.require(SAMPLE));
    Map<String, TrafficClass> expected =
        Map.of(
            "Rtn Preference: MGN - Standard Data Transfer Out", TrafficClass.INTERNET,
            "Bandwidth Inter-Region - Intra Continent Data Transfer Out - North America",
                TrafficClass.CROSS_REGION);
    long checked = 0;
    for (BillingLine line : result.lines()) {
      if (line.provider() == BillingProvider.AZURE && expected.containsKey(line.description())) {
        assertThat(NetworkClassifier.classify(line).map(NetworkCharge::trafficClass))
            .as(line.location())
            .isEqualTo(Optional.of(expected.get(line.description())));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(5);
    // the load balancer's data processing is not transfer between places
    assertThat(result.lines())
        .filteredOn(line -> line.description().equals("Load Balancer - Standard Data Processed"))
        .allSatisfy(line -> assertThat(NetworkClassifier.classify(line)).isEmpty());
  }
}
