package dev.netcost.demo;

import static java.util.Objects.requireNonNull;

import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import dev.netcost.store.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * A synthetic AWS bill of the generated cluster: a legacy Cost and Usage Report (CSV, {@code
 * lineItem/UsageType}-style headers, daily line items) written from what the generator metered
 * ({@link BillUsage}), as AWS bills data transfer: {@code DataTransfer-Regional-Bytes} with
 * operation {@code InterZone-Out}/{@code InterZone-In} ($0.01 per GB on each side), {@code
 * USE1-USW2-AWS-Out-Bytes} ($0.02 per GB, the receiving side's {@code -AWS-In-Bytes} free), {@code
 * DataTransfer-Out-Bytes} ($0.09 per GB, no free tier) and {@code DataTransfer-In-Bytes} (free).
 * Same-zone, private and unplaceable traffic has no line. Usage is in GB (AWS's GB is 2^30 bytes),
 * written exactly; costs are rounded half-even to 9 decimals. The CSV is RFC 4180 (see {@link
 * #legacyCurCsv}): a value with a comma, quote or line break is quoted, so it reads back whole.
 *
 * <p>Deliberate realism: an instance outside the cluster (a bastion) moves data every day, so the
 * bill has transfer no flow explains (reconciled as {@code __unattributed__}), and every paid line
 * has an {@code EdpDiscount} line of the discount rate (net below list).
 */
public final class BillGenerator {
  /** Where {@link #write} puts the bill: {@code billing/aws-cur/YYYY-MM/…csv.gz}. */
  public static final String PREFIX = "billing/aws-cur";

  private static final Map<String, String> REGION_CODES =
      Map.of(
          "us-east-1", "USE1",
          "us-east-2", "USE2",
          "us-west-1", "USW1",
          "us-west-2", "USW2",
          "eu-west-1", "EU");

  private static final List<String> HEADER =
      List.of(
          "identity/LineItemId",
          "identity/TimeInterval",
          "bill/PayerAccountId",
          "bill/BillingPeriodStartDate",
          "bill/BillingPeriodEndDate",
          "lineItem/UsageAccountId",
          "lineItem/LineItemType",
          "lineItem/UsageStartDate",
          "lineItem/UsageEndDate",
          "lineItem/ProductCode",
          "lineItem/UsageType",
          "lineItem/Operation",
          "lineItem/AvailabilityZone",
          "lineItem/ResourceId",
          "lineItem/UsageAmount",
          "lineItem/CurrencyCode",
          "lineItem/UnblendedRate",
          "lineItem/UnblendedCost",
          "lineItem/LineItemDescription",
          "pricing/publicOnDemandCost",
          "pricing/publicOnDemandRate",
          "pricing/unit",
          "product/productFamily",
          "product/region",
          "product/transferType",
          "product/fromRegionCode",
          "product/toRegionCode");

  /**
   * How to bill.
   *
   * @param discountRate the EDP discount on every paid line, e.g. 0.03
   * @param outsideInstanceId an instance of the account that is not a node of the cluster
   */
  public record Options(
      String payerAccount,
      String currency,
      BigDecimal discountRate,
      String outsideInstanceId,
      String outsideRegion,
      String outsideZone) {
    public Options {
      requireNonNull(payerAccount, "payerAccount is null");
      requireNonNull(currency, "currency is null");
      requireNonNull(discountRate, "discountRate is null");
      requireNonNull(outsideInstanceId, "outsideInstanceId is null");
      requireNonNull(outsideRegion, "outsideRegion is null");
      requireNonNull(outsideZone, "outsideZone is null");
      if (discountRate.signum() < 0 || discountRate.compareTo(BigDecimal.ONE) >= 0) {
        throw new IllegalArgumentException("discountRate is not in [0, 1): " + discountRate);
      }
    }

    public static Options demo() {
      return new Options(
          "123456789012",
          "USD",
          new BigDecimal("0.03"),
          "i-0ba5710000000b001",
          "us-east-1",
          "us-east-1a");
    }

    public Options withCurrency(String code) {
      return new Options(
          payerAccount, code, discountRate, outsideInstanceId, outsideRegion, outsideZone);
    }
  }

  private BillGenerator() {}

  /**
   * The outside instance's traffic on day {@code index} of the period: some internet egress and
   * cross-zone traffic, different every day.
   */
  static long outsideInternetBytes(int index) {
    return 3L * (1L << 30) + index * (256L << 20);
  }

  static long outsideCrossZoneBytes(int index) {
    return (1L << 29) + index * (16L << 20);
  }

  /**
   * The legacy CUR CSV of every day in {@code usage}: UTF-8 without a byte order mark,
   * uncompressed, CRLF line ends, a field quoted (quotes doubled) only when it holds a comma, a
   * quote, CR or LF.
   */
  public static byte[] legacyCurCsv(BillUsage usage, Options options) {
    requireNonNull(usage, "usage is null");
    requireNonNull(options, "options is null");
    Map<BillUsage.Meter, Long> meters = new TreeMap<>(BillUsage.ORDER);
    meters.putAll(usage.bytes());
    TreeSet<LocalDate> dates = new TreeSet<>();
    meters.keySet().forEach(meter -> dates.add(meter.date()));
    if (dates.isEmpty()) {
      throw new IllegalArgumentException("usage has no metered bytes");
    }
    LocalDate first = dates.first();
    for (LocalDate date : dates) {
      int index = (int) (date.toEpochDay() - first.toEpochDay());
      meters.merge(
          outside(options, date, TrafficClass.INTERNET, TransferDirection.EGRESS),
          outsideInternetBytes(index),
          Long::sum);
      meters.merge(
          outside(options, date, TrafficClass.CROSS_ZONE, TransferDirection.EGRESS),
          outsideCrossZoneBytes(index),
          Long::sum);
    }
    List<String[]> out = new ArrayList<>();
    long id = 0;
    for (Map.Entry<BillUsage.Meter, Long> entry : meters.entrySet()) {
      Optional<Line> line = line(entry.getKey());
      if (line.isEmpty()) {
        continue;
      }
      BigDecimal gib = BigDecimal.valueOf(entry.getValue()).divide(ClusterGenerator.BYTES_PER_GIB);
      BigDecimal cost = gib.multiply(line.get().rate()).setScale(9, RoundingMode.HALF_EVEN);
      append(out, ++id, options, entry.getKey(), line.get(), "Usage", gib, cost, cost);
      if (cost.signum() > 0 && options.discountRate().signum() > 0) {
        BigDecimal discount =
            cost.multiply(options.discountRate()).setScale(9, RoundingMode.HALF_EVEN).negate();
        if (discount.signum() == 0) {
          continue;
        }
        append(
            out,
            ++id,
            options,
            entry.getKey(),
            line.get(),
            "EdpDiscount",
            gib,
            discount,
            BigDecimal.ZERO);
      }
    }
    return DemoText.csv(HEADER, out, "the demo bill");
  }

  /**
   * Writes the bill of every month in {@code usage} as a gzip-compressed legacy CUR under {@link
   * #PREFIX}; returns the keys written.
   */
  public static List<String> write(ObjectStore store, BillUsage usage, Options options)
      throws IOException {
    Map<YearMonth, BillUsage> months = new TreeMap<>();
    usage
        .bytes()
        .forEach(
            (meter, count) ->
                months
                    .computeIfAbsent(YearMonth.from(meter.date()), m -> new BillUsage())
                    .add(meter, count));
    List<String> keys = new ArrayList<>();
    for (Map.Entry<YearMonth, BillUsage> month : months.entrySet()) {
      String key = PREFIX + "/" + month.getKey() + "/netcost-demo-cur-00001.csv.gz";
      store.createOrOverwrite(key, gzip(legacyCurCsv(month.getValue(), options)));
      keys.add(key);
    }
    return keys;
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // GZIPOutputStream writes a zero modification time: the same bill gives the same bytes
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static BillUsage.Meter outside(
      Options options, LocalDate date, TrafficClass trafficClass, TransferDirection direction) {
    return new BillUsage.Meter(
        date,
        options.outsideRegion(),
        options.outsideZone(),
        options.outsideInstanceId(),
        trafficClass,
        direction,
        Optional.empty());
  }

  /** How AWS names and prices a meter; empty for traffic AWS does not bill as transfer. */
  private record Line(
      String usageType,
      String operation,
      BigDecimal rate,
      String transferType,
      String fromRegion,
      String toRegion,
      String description) {}

  private static Optional<Line> line(BillUsage.Meter meter) {
    String region = meter.region();
    String code = regionCode(region);
    String prefix = region.equals("us-east-1") ? "" : code + "-";
    boolean egress = meter.direction() == TransferDirection.EGRESS;
    return switch (meter.trafficClass()) {
      case CROSS_ZONE ->
          Optional.of(
              new Line(
                  prefix + "DataTransfer-Regional-Bytes",
                  egress ? "InterZone-Out" : "InterZone-In",
                  new BigDecimal("0.01"),
                  "IntraRegion",
                  region,
                  region,
                  "$0.010 per GB - regional data transfer - in/out/between EC2 AZs or using elastic IPs or ELB"));
      case CROSS_REGION -> {
        String peer = meter.peerRegion().orElseThrow();
        yield Optional.of(
            new Line(
                code + "-" + regionCode(peer) + (egress ? "-AWS-Out-Bytes" : "-AWS-In-Bytes"),
                "RunInstances",
                egress ? new BigDecimal("0.02") : BigDecimal.ZERO,
                egress ? "InterRegion Outbound" : "InterRegion Inbound",
                egress ? region : peer,
                egress ? peer : region,
                egress
                    ? "$0.020 per GB - " + region + " data transfer to " + peer
                    : "$0.000 per GB - " + region + " data transfer from " + peer));
      }
      case INTERNET ->
          Optional.of(
              new Line(
                  prefix + (egress ? "DataTransfer-Out-Bytes" : "DataTransfer-In-Bytes"),
                  "RunInstances",
                  egress ? new BigDecimal("0.09") : BigDecimal.ZERO,
                  egress ? "AWS Outbound" : "AWS Inbound",
                  egress ? region : "External",
                  egress ? "External" : region,
                  egress
                      ? "$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier"
                      : "$0.000 per GB - data transfer in per month"));
      case SAME_ZONE, PRIVATE, UNKNOWN -> Optional.empty();
    };
  }

  private static String regionCode(String region) {
    String code = REGION_CODES.get(region);
    if (code == null) {
      throw new IllegalArgumentException("No AWS usage-type prefix known for region " + region);
    }
    return code;
  }

  private static void append(
      List<String[]> out,
      long id,
      Options options,
      BillUsage.Meter meter,
      Line line,
      String lineItemType,
      BigDecimal gib,
      BigDecimal cost,
      BigDecimal listCost) {
    LocalDate date = meter.date();
    LocalDate periodStart = date.withDayOfMonth(1);
    String start = date + "T00:00:00Z";
    String end = date.plusDays(1) + "T00:00:00Z";
    String description =
        lineItemType.equals("EdpDiscount")
            ? "Enterprise Program Discount on " + line.usageType()
            : line.description();
    String[] fields = {
      String.format("nc%015d", id),
      start + "/" + end,
      options.payerAccount(),
      periodStart + "T00:00:00Z",
      periodStart.plusMonths(1) + "T00:00:00Z",
      options.payerAccount(),
      lineItemType,
      start,
      end,
      "AmazonEC2",
      line.usageType(),
      line.operation(),
      meter.zone(),
      meter.instanceId(),
      gib.stripTrailingZeros().toPlainString(),
      options.currency(),
      line.rate().toPlainString(),
      cost.toPlainString(),
      description,
      listCost.setScale(9, RoundingMode.HALF_EVEN).toPlainString(),
      line.rate().toPlainString(),
      "GB",
      "Data Transfer",
      meter.region(),
      line.transferType(),
      line.fromRegion(),
      line.toRegion()
    };
    out.add(fields);
  }
}
