package dev.netcost.job.nightly;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Direction;
import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.Protocol;
import dev.netcost.job.attribution.FlowAttributor;
import dev.netcost.job.attribution.Money;
import dev.netcost.job.attribution.Owner;
import dev.netcost.job.attribution.RateTable;
import dev.netcost.pricing.TrafficClass;
import dev.netcost.pricing.TransferDirection;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The job's row step: validates each flow snapshot row, attributes it to its owners, classifies and
 * prices it. Emits rows of {@link Tables#ATTRIBUTED_SCHEMA}; a rejected row carries only its source
 * file, row number, field and reason.
 */
final class AttributeFlows implements MapPartitionsFunction<Row, Row> {
  static final String UNKNOWN = "__unknown__";
  static final String UNASSIGNED = "__unassigned__";

  private final Broadcast<FlowAttributor> attributor;
  private final Broadcast<RateTable> rates;
  private final long dayStartMicros;
  private final long dayEndMicros;
  private final String defaultCurrency;

  AttributeFlows(
      Broadcast<FlowAttributor> attributor,
      Broadcast<RateTable> rates,
      Instant dayStart,
      String defaultCurrency) {
    this.attributor = requireNonNull(attributor, "attributor is null");
    this.rates = requireNonNull(rates, "rates is null");
    this.dayStartMicros = micros(dayStart);
    this.dayEndMicros = micros(dayStart.plus(1, ChronoUnit.DAYS));
    this.defaultCurrency = requireNonNull(defaultCurrency, "defaultCurrency is null");
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    FlowAttributor flows = attributor.value();
    RateTable table = rates.value();
    return new Iterator<>() {
      private final List<Row> pending = new ArrayList<>(4);
      private int next;

      @Override
      public boolean hasNext() {
        while (next >= pending.size()) {
          if (!input.hasNext()) {
            return false;
          }
          pending.clear();
          next = 0;
          process(input.next(), flows, table, pending);
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return pending.get(next++);
      }
    };
  }

  private void process(Row row, FlowAttributor flows, RateTable table, List<Row> out) {
    String sourceFile = row.getString(16);
    long sourceRow = row.getLong(17);
    String problemField = null;
    String problem = null;
    String[] required = {
      "cluster",
      "node",
      "window_start",
      "window_end",
      "local_ip",
      "peer_ip",
      "protocol",
      "server_port",
      "direction",
      "sent_bytes",
      "received_bytes",
      "sent_packets",
      "received_packets",
      "connections"
    };
    int[] requiredIndex = {0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15};
    for (int i = 0; i < requiredIndex.length && problem == null; i++) {
      if (row.isNullAt(requiredIndex[i])) {
        problemField = required[i];
        problem = required[i] + " is null";
      }
    }
    String localIp = null;
    String peerIp = null;
    String preNatIp = null;
    Protocol protocol = null;
    Direction direction = null;
    long windowStart = 0;
    long windowEnd = 0;
    if (problem == null) {
      windowStart = micros(row.<Instant>getAs(2));
      windowEnd = micros(row.<Instant>getAs(3));
      long[] counts = {
        row.getLong(11), row.getLong(12), row.getLong(13), row.getLong(14), row.getLong(15)
      };
      String[] countNames = {
        "sent_bytes", "received_bytes", "sent_packets", "received_packets", "connections"
      };
      for (int i = 0; i < counts.length && problem == null; i++) {
        if (counts[i] < 0) {
          problemField = countNames[i];
          problem = countNames[i] + " is negative: " + counts[i];
        }
      }
      if (problem == null && (windowStart < dayStartMicros || windowStart >= dayEndMicros)) {
        problemField = "window_start";
        problem = "window_start " + row.<Instant>getAs(2) + " is outside the partition's date";
      }
      if (problem == null && windowEnd <= windowStart) {
        problemField = "window_end";
        problem = "window_end " + row.<Instant>getAs(3) + " is not after window_start";
      }
      int port = row.getInt(9);
      if (problem == null && (port < 0 || port > 65535)) {
        problemField = "server_port";
        problem = "server_port is out of range: " + port;
      }
      if (problem == null) {
        try {
          problemField = "local_ip";
          localIp = IpAddresses.canonical(row.getString(4));
          problemField = "peer_ip";
          peerIp = IpAddresses.canonical(row.getString(5));
          problemField = "peer_pre_nat_ip";
          preNatIp = row.isNullAt(6) ? null : IpAddresses.canonical(row.getString(6));
          problemField = "snat_ip";
          if (!row.isNullAt(7)) {
            IpAddresses.canonical(row.getString(7));
          }
          problemField = "protocol";
          protocol = Protocol.fromWireName(row.getString(8));
          problemField = "direction";
          direction = Direction.fromWireName(row.getString(10));
          problemField = null;
        } catch (IllegalArgumentException e) {
          problem = e.getMessage();
        }
      }
    }
    if (problem != null) {
      Object[] values = new Object[Tables.ATTRIBUTED_SCHEMA.size()];
      values[values.length - 4] = sourceFile;
      values[values.length - 3] = sourceRow;
      values[values.length - 2] = problemField;
      values[values.length - 1] = problem;
      out.add(RowFactory.create(values));
      return;
    }

    String cluster = row.getString(0);
    boolean inbound = direction == Direction.INBOUND;
    List<FlowAttributor.Part> parts =
        flows.attribute(
            cluster,
            windowStart,
            windowEnd,
            localIp,
            peerIp,
            preNatIp,
            protocol.wireName(),
            row.getInt(9),
            inbound,
            row.getLong(11),
            row.getLong(12),
            row.getLong(13),
            row.getLong(14),
            row.getLong(15));
    for (FlowAttributor.Part part : parts) {
      out.add(
          output(
              row,
              localIp,
              peerIp,
              preNatIp,
              protocol,
              direction,
              part,
              table,
              sourceFile,
              sourceRow));
    }
  }

  private Row output(
      Row row,
      String localIp,
      String peerIp,
      String preNatIp,
      Protocol protocol,
      Direction direction,
      FlowAttributor.Part part,
      RateTable table,
      String sourceFile,
      long sourceRow) {
    Owner local = part.local();
    Owner peer = part.peer();
    Owner service = part.service();
    TrafficClass trafficClass = part.trafficClass();
    String region = local == null ? null : local.region();
    String peerRegion = peer == null ? null : peer.region();
    RateTable.Rate egress = table.rate(region, trafficClass, TransferDirection.EGRESS, peerRegion);
    RateTable.Rate ingress =
        table.rate(region, trafficClass, TransferDirection.INGRESS, peerRegion);
    BigDecimal egressCost = null;
    BigDecimal ingressCost = null;
    BigDecimal cost = null;
    String currency = defaultCurrency;
    String sheet = null;
    if (egress != null && ingress != null) {
      egressCost = Money.cost(part.sentBytes(), egress.perGib());
      ingressCost = Money.cost(part.receivedBytes(), ingress.perGib());
      cost = egressCost.add(ingressCost);
      currency = egress.currency();
      sheet = egress.sheetVersion();
    }
    return RowFactory.create(
        row.<Instant>getAs(2),
        row.<Instant>getAs(3),
        row.getString(0),
        row.getString(1),
        localIp,
        peerIp,
        preNatIp,
        row.isNullAt(7) ? null : IpAddresses.canonical(row.getString(7)),
        protocol.wireName(),
        row.getInt(9),
        direction.wireName(),
        local == null ? "unresolved" : local.kind().wireName(),
        local == null ? UNKNOWN : (local.namespace() == null ? UNKNOWN : local.namespace()),
        local == null ? null : local.pod(),
        local == null ? "Unknown" : local.workloadKind(),
        local == null ? UNKNOWN : local.workload(),
        local == null ? UNASSIGNED : local.team(),
        local == null ? null : local.zone(),
        region,
        peer == null ? "external" : peer.kind().wireName(),
        peer == null ? null : peer.namespace(),
        peer == null ? null : peer.pod(),
        peer == null ? null : peer.workloadKind(),
        peer == null ? null : peer.workload(),
        peer == null ? null : peer.team(),
        peer == null ? null : peer.zone(),
        peerRegion,
        service == null ? null : service.namespace() + "/" + service.workload(),
        trafficClass.wireName(),
        part.sentBytes(),
        part.receivedBytes(),
        part.sentPackets(),
        part.receivedPackets(),
        part.connections(),
        egress == null ? null : scaled(egress.perGib()),
        ingress == null ? null : scaled(ingress.perGib()),
        egressCost,
        ingressCost,
        cost,
        currency,
        sheet,
        part.split(),
        sourceFile,
        sourceRow,
        null,
        null);
  }

  private static BigDecimal scaled(BigDecimal value) {
    return value.setScale(Money.SCALE, java.math.RoundingMode.UNNECESSARY);
  }

  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
