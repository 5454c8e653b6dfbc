package dev.netcost.job.nightly;

import static java.util.Objects.requireNonNull;

import dev.netcost.contract.Direction;
import dev.netcost.contract.IpAddresses;
import dev.netcost.contract.Money;
import dev.netcost.contract.Protocol;
import dev.netcost.contract.Sentinels;
import dev.netcost.job.attribution.FlowAttributor;
import dev.netcost.job.attribution.Owner;
import dev.netcost.job.attribution.RowPricer;
import dev.netcost.pricing.Destination;
import dev.netcost.pricing.TrafficClass;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The job's row step: validates each flow snapshot row, attributes it to its owners, classifies and
 * prices it ({@link RowPricer}; internet egress money is added later by the tier allocation, see
 * {@link InternetTiers}). Emits rows of {@link Tables#ATTRIBUTED_SCHEMA}; a rejected row carries
 * only its source file, row number, field and reason.
 */
final class AttributeFlows implements MapPartitionsFunction<Row, Row> {
  /** Positions of the flow snapshot's required columns (checked for nulls on every row). */
  private static final int[] REQUIRED =
      java.util.stream.IntStream.range(0, Tables.FLOW_SNAPSHOT.size())
          .filter(i -> !Tables.FLOW_SNAPSHOT.fields()[i].nullable())
          .toArray();

  /** Position of sent_bytes: it and the columns after it are counts, never negative. */
  private static final int FIRST_COUNT = Tables.FLOW_SNAPSHOT.fieldIndex("sent_bytes");

  /** Position of the owners column of joined rows ({@link OwnershipJoin#withOwners}). */
  private static final int OWNERS = Tables.FLOW_SNAPSHOT.size() + 2;

  private final Broadcast<FlowAttributor> attributor;
  private final boolean joined;
  private final LocalDate day;
  private final long dayStartMicros;
  private final long dayEndMicros;
  private final String defaultCurrency;

  /**
   * Positions in {@link Tables#ATTRIBUTED_SCHEMA} of the columns this step emits, in order; null
   * when it emits every column.
   */
  private final int[] columns;

  /** Attributes flow snapshot rows to the owners of the broadcast attributor's index. */
  AttributeFlows(Broadcast<FlowAttributor> attributor, LocalDate day, String defaultCurrency) {
    this(attributor, false, day, defaultCurrency, null);
  }

  /**
   * Attributes flow snapshot rows joined to their owners ({@link OwnershipJoin#withOwners}); the
   * broadcast attributor brings the classifier and prices, each row its owners.
   */
  static AttributeFlows joined(
      Broadcast<FlowAttributor> attributor, LocalDate day, String defaultCurrency) {
    return new AttributeFlows(attributor, true, day, defaultCurrency, null);
  }

  /**
   * This step emitting only the named columns of {@link Tables#ATTRIBUTED_SCHEMA}, in the given
   * order (see {@link #schema()}): a pass that reads a few columns does not encode the others.
   *
   * @throws IllegalArgumentException if a name is not a column of the attributed schema
   */
  AttributeFlows only(List<String> names) {
    int[] positions = new int[names.size()];
    for (int i = 0; i < positions.length; i++) {
      String name = names.get(i);
      if (!List.of(Tables.ATTRIBUTED_SCHEMA.fieldNames()).contains(name)) {
        throw new IllegalArgumentException(name + " is not a column of the attributed rows");
      }
      positions[i] = Tables.ATTRIBUTED_SCHEMA.fieldIndex(name);
    }
    return new AttributeFlows(attributor, joined, day, defaultCurrency, positions);
  }

  /** The schema of the rows this step emits: the attributed schema, or the chosen columns of it. */
  StructType schema() {
    if (columns == null) {
      return Tables.ATTRIBUTED_SCHEMA;
    }
    StructField[] fields = new StructField[columns.length];
    for (int i = 0; i < columns.length; i++) {
      fields[i] = Tables.ATTRIBUTED_SCHEMA.fields()[columns[i]];
    }
    return new StructType(fields);
  }

  private AttributeFlows(
      Broadcast<FlowAttributor> attributor,
      boolean joined,
      LocalDate day,
      String defaultCurrency,
      int[] columns) {
    this.attributor = requireNonNull(attributor, "attributor is null");
    this.columns = columns;
    this.joined = joined;
    this.day = requireNonNull(day, "day is null");
    Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    this.dayStartMicros = micros(dayStart);
    this.dayEndMicros = micros(dayStart.plus(1, ChronoUnit.DAYS));
    this.defaultCurrency = requireNonNull(defaultCurrency, "defaultCurrency is null");
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    FlowAttributor flows = attributor.value();
    RowPricer table = new RowPricer(flows.peers().pricing(), flows.peers().provider(), day);
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

  private void process(Row row, FlowAttributor flows, RowPricer table, List<Row> out) {
    String sourceFile = row.getString(16);
    long sourceRow = row.getLong(17);
    String problemField = null;
    String problem = null;
    for (int i = 0; i < REQUIRED.length && problem == null; i++) {
      if (row.isNullAt(REQUIRED[i])) {
        problemField = Tables.FLOW_SNAPSHOT.fields()[REQUIRED[i]].name();
        problem = problemField + " is null";
      }
    }
    String localIp = null;
    String peerIp = null;
    String preNatIp = null;
    String snatIp = null;
    Protocol protocol = null;
    Direction direction = null;
    long windowStart = 0;
    long windowEnd = 0;
    if (problem == null) {
      windowStart = micros(row.<Instant>getAs(2));
      windowEnd = micros(row.<Instant>getAs(3));
      // sent_bytes, received_bytes, sent_packets, received_packets, connections
      for (int i = FIRST_COUNT; i < Tables.FLOW_SNAPSHOT.size() && problem == null; i++) {
        long count = row.getLong(i);
        if (count < 0) {
          problemField = Tables.FLOW_SNAPSHOT.fields()[i].name();
          problem = problemField + " is negative: " + count;
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
      if (problem == null && windowEnd > dayEndMicros) {
        problemField = "window_end";
        problem = "window_end " + row.<Instant>getAs(3) + " is after the partition's date";
      }
      if (problem == null) {
        problem = CounterBounds.check(row, windowEnd - windowStart);
        problemField = problem == null ? null : problem.substring(0, problem.indexOf(' '));
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
          snatIp = row.isNullAt(7) ? null : IpAddresses.canonical(row.getString(7));
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
      out.add(project(values));
      return;
    }

    String cluster = row.getString(0);
    boolean inbound = direction == Direction.INBOUND;
    FlowAttributor owners =
        joined ? flows.withIndex(OwnershipJoin.index(cluster, row, OWNERS)) : flows;
    List<FlowAttributor.Part> parts =
        owners.attribute(
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
              snatIp,
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
      String snatIp,
      Protocol protocol,
      Direction direction,
      FlowAttributor.Part part,
      RowPricer table,
      String sourceFile,
      long sourceRow) {
    Owner local = part.local();
    Owner peer = part.peer();
    Owner service = part.service();
    TrafficClass trafficClass = part.trafficClass();
    Destination destination = part.destination();
    String region = local == null ? null : local.region();
    String peerRegion = peer != null ? peer.region() : destination.peerRegion().orElse(null);
    String peerZone = peer != null ? peer.zone() : destination.peerZone().orElse(null);
    String peerService =
        service != null
            ? service.namespace() + "/" + service.workload()
            : destination == null ? null : destination.service().orElse(null);
    Optional<RowPricer.Priced> priced = table.price(part, localIp, peerIp, snatIp, preNatIp);
    BigDecimal egressCost = null;
    BigDecimal ingressCost = null;
    BigDecimal cost = null;
    BigDecimal egressRate = null;
    BigDecimal ingressRate = null;
    String currency = defaultCurrency;
    String sheet = null;
    if (priced.isPresent()) {
      RowPricer.Priced p = priced.get();
      egressCost = p.egressCost();
      ingressCost = p.ingressCost();
      cost = egressCost.add(ingressCost);
      egressRate = p.egressRate() == null ? null : scaled(p.egressRate());
      ingressRate = scaled(p.ingressRate());
      currency = p.currency();
      sheet = p.sheetVersion();
    }
    return project(
        new Object[] {
          row.<Instant>getAs(2),
          row.<Instant>getAs(3),
          row.getString(0),
          row.getString(1),
          localIp,
          peerIp,
          preNatIp,
          snatIp,
          protocol.wireName(),
          row.getInt(9),
          direction.wireName(),
          local == null ? "unresolved" : local.kind().wireName(),
          local == null
              ? Sentinels.UNKNOWN
              : (local.namespace() == null ? Sentinels.UNKNOWN : local.namespace()),
          local == null ? null : local.pod(),
          local == null ? Sentinels.UNKNOWN : local.workloadKind(),
          local == null ? Sentinels.UNKNOWN : local.workload(),
          local == null ? Sentinels.UNASSIGNED_TEAM : local.team(),
          local == null ? null : local.zone(),
          region,
          peer == null ? "external" : peer.kind().wireName(),
          peer == null ? null : peer.namespace(),
          peer == null ? null : peer.pod(),
          peer == null ? null : peer.workloadKind(),
          peer == null ? null : peer.workload(),
          peer == null ? null : peer.team(),
          peerZone,
          peerRegion,
          peerService,
          trafficClass.wireName(),
          part.sentBytes(),
          part.receivedBytes(),
          part.sentPackets(),
          part.receivedPackets(),
          part.connections(),
          egressRate,
          ingressRate,
          egressCost,
          ingressCost,
          cost,
          currency,
          sheet,
          part.split(),
          sourceFile,
          sourceRow,
          null,
          null
        });
  }

  /** A row of {@link #schema()} from the values of a full attributed row. */
  private Row project(Object[] values) {
    if (columns == null) {
      return RowFactory.create(values);
    }
    Object[] chosen = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      chosen[i] = values[columns[i]];
    }
    return RowFactory.create(chosen);
  }

  private static BigDecimal scaled(BigDecimal value) {
    return Money.round(value);
  }

  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
