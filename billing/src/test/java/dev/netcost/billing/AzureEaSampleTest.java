package dev.netcost.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real Azure EA cost-details samples (focus_converters and finops-toolkit). */
class AzureEaSampleTest {
  @ParameterizedTest
  @CsvSource({
    "billing/azure-ea/ea_export_sample.csv, 27, CostInBillingCurrency, BillingCurrencyCode",
    "billing/azure-ea/EA_ActualCost_Small.csv, 11, Cost, BillingCurrency",
    "billing/azure-ea/EA_AmortizedCost_Small.csv, 28, Cost, BillingCurrency"
  })
  void everyRowIsParsedAndNetworkTotalsMatchSql(
      String sample, long rows, String costColumn, String currencyColumn) throws Exception {
    Path file = Samples.require(sample);
    ReadResult result = BillingExportReader.read(BillingFormat.AZURE_COST_DETAILS, file);
    assertThat(result.rejections()).isEmpty();
    assertThat(result.rowsRead()).isEqualTo(rows);
    String sql =
        """
        SELECT day || '/azure/' || kind || '/' || class || '/' || direction || '/' || region
                   || '/-' AS key,
               count(*) AS lines,
               sum(CASE WHEN PayGPrice = '' THEN CAST($COST AS DECIMAL(38, 28))
                        ELSE CAST(PayGPrice AS DECIMAL(38, 8))
                             * CAST(Quantity AS DECIMAL(38, 18)) END) AS list_cost,
               sum(CAST($COST AS DECIMAL(38, 28))) AS net_cost,
               sum(CAST(Quantity AS DECIMAL(38, 28))) AS usage_gib
        FROM (
          SELECT *,
                 CAST(strptime("Date", '%m/%d/%Y') AS DATE) AS day,
                 CASE WHEN MeterCategory = 'NAT Gateway' THEN 'nat_gateway'
                      ELSE 'transfer' END AS kind,
                 CASE WHEN MeterCategory = 'NAT Gateway' THEN 'internet'
                      WHEN MeterSubCategory = 'Inter-Region' THEN 'cross_region'
                      WHEN MeterCategory = 'Bandwidth' THEN 'internet'
                      ELSE 'private' END AS class,
                 CASE WHEN MeterName LIKE '%Egress' OR MeterName LIKE '%Transfer Out' THEN 'egress'
                      WHEN MeterName LIKE '%Ingress' OR MeterName LIKE '%Transfer In' THEN 'ingress'
                      ELSE 'both' END AS direction,
                 lower(replace(ResourceLocation, ' ', '')) AS region
          FROM read_csv('$FILE', all_varchar = true, header = true)
          WHERE UnitOfMeasure LIKE '%GB' AND UnitOfMeasure NOT LIKE '%/%'
            AND (MeterCategory IN ('Bandwidth', 'NAT Gateway')
                 OR (MeterCategory = 'Virtual Network'
                     AND (MeterSubCategory = 'Peering'
                          OR (MeterSubCategory = 'Private Link'
                              AND MeterName LIKE '%Data Processed%')))))
        GROUP BY ALL
        """
            .replace("$FILE", file.toString())
            .replace("$COST", costColumn)
            .replace("$CURRENCY", currencyColumn);
    Map<String, IndependentSums.Totals> expected = IndependentSums.query(sql);
    IndependentSums.assertSameTotals(IndependentSums.fromJava(result.lines()), expected);
  }

  @Test
  void peeringAndPrivateLinkLinesOfTheEaExport() {
    ReadResult result =
        BillingExportReader.read(
            BillingFormat.AZURE_COST_DETAILS,
            Samples.require("billing/azure-ea/ea_export_sample.csv"));
    BillingLine first = result.lines().get(0);
    // row 1: 9/2/2023, Virtual Network / Peering / Intra-Region Ingress, 1 GB, CAD
    assertThat(first.usageDay()).isEqualTo(LocalDate.of(2023, 9, 2));
    assertThat(first.region()).contains("centralus");
    assertThat(first.currency()).isEqualTo("CAD");
    assertThat(first.usageGib()).contains(new java.math.BigDecimal("0.027265128"));
    assertThat(first.netCost()).isEqualByComparingTo("0.000305367");
    assertThat(NetworkClassifier.classify(first))
        .contains(
            new NetworkCharge(
                ChargeKind.TRANSFER,
                TrafficClass.PRIVATE,
                Optional.of(TransferDirection.INGRESS),
                Optional.of("centralus"),
                Optional.empty()));
    // the hourly private endpoint is not transfer
    assertThat(result.lines())
        .filteredOn(line -> line.usageType().equals("Standard Private Endpoint"))
        .hasSize(1)
        .allSatisfy(line -> assertThat(NetworkClassifier.classify(line)).isEmpty());
  }

  @Test
  void bandwidthOnAnAksScaleSetIsPerNode() {
    ReadResult result =
        BillingExportReader.read(
            BillingFormat.AZURE_COST_DETAILS,
            Samples.require("billing/azure-ea/EA_AmortizedCost_Small.csv"));
    BillingLine line =
        result.lines().stream()
            .filter(candidate -> candidate.resourceId().orElse("").endsWith("-vmss"))
            .filter(candidate -> NetworkClassifier.classify(candidate).isPresent())
            .findFirst()
            .orElseThrow();
    assertThat(line.resourceId().orElseThrow())
        .endsWith("/virtualmachinescalesets/aks-agentpool-37660393-vmss");
    assertThat(line.usageDay()).isEqualTo(LocalDate.of(2023, 9, 17));
    assertThat(line.netCost()).isEqualByComparingTo("0.0001188669167459011366");
    assertThat(NetworkClassifier.classify(line).orElseThrow().trafficClass())
        .isEqualTo(TrafficClass.CROSS_REGION);
    Map<ReconciliationKey, BilledNetworkCost> perNode =
        BilledNetworkCosts.aggregate(result.lines(), true);
    assertThat(perNode.keySet())
        .filteredOn(key -> key.resourceId().orElse("").endsWith("aks-agentpool-37660393-vmss"))
        .hasSize(1);
  }
}
