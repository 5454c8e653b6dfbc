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
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The job's row step: validates each flow snapshot row, attributes it to its owners, classifies and
 * prices it ({@link RowPricer}; internet egress money is added later by the tier allocation, see
 * {@link InternetTiers}). Emits rows of {@link Tables#ATTRIBUTED_SCHEMA}; a rejected row carries
 * only its source file, row number, field and reason.
 *
 * <p>It works on Spark's internal rows ({@link NightlyJob#attribute}): it reads the few fields it
 * needs from each snapshot row as they are, passes the text columns it copies through as the bytes
 * they already are, and writes each owner's text once per owner, not once per row. Through {@code
 * Row} objects, decoding all 18 input columns and encoding all 46 output columns was a fifth of the
 * job's CPU.
 */
final class AttributeFlows implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
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

  /** The type of the owners column of joined rows; null for flow rows alone. */
  private final DataType ownersType;

  /** Attributes flow snapshot rows to the owners of the broadcast attributor's index. */
  AttributeFlows(Broadcast<FlowAttributor> attributor, LocalDate day, String defaultCurrency) {
    this(attributor, false, day, defaultCurrency, null);
  }

  /**
   * Attributes flow snapshot rows joined to their owners ({@link OwnershipJoin#withOwners}); the
   * broadcast attributor brings the classifier and prices, each row its owners ({@code input}: the
   * joined rows' schema).
   */
  static AttributeFlows joined(
      Broadcast<FlowAttributor> attributor,
      StructType input,
      LocalDate day,
      String defaultCurrency) {
    return new AttributeFlows(
        attributor, true, day, defaultCurrency, input.fields()[OWNERS].dataType());
  }

  /** The schema of the rows this step emits. */
  StructType schema() {
    return Tables.ATTRIBUTED_SCHEMA;
  }

  private AttributeFlows(
      Broadcast<FlowAttributor> attributor,
      boolean joined,
      LocalDate day,
      String defaultCurrency,
      DataType ownersType) {
    this.attributor = requireNonNull(attributor, "attributor is null");
    this.ownersType = ownersType;
    this.joined = joined;
    this.day = requireNonNull(day, "day is null");
    Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    this.dayStartMicros = micros(dayStart);
    this.dayEndMicros = micros(dayStart.plus(1, ChronoUnit.DAYS));
    this.defaultCurrency = requireNonNull(defaultCurrency, "defaultCurrency is null");
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> input) {
    FlowAttributor flows = attributor.value();
    RowPricer table = new RowPricer(flows.peers().pricing(), flows.peers().provider(), day);
    scala.Function1<Object, Object> owners =
        ownersType == null ? null : CatalystTypeConverters.createToScalaConverter(ownersType);
    Texts texts = new Texts(!joined);
    return new Iterator<>() {
      private final List<InternalRow> pending = new ArrayList<>(4);
      private int next;

      @Override
      public boolean hasNext() {
        while (next >= pending.size()) {
          if (!input.hasNext()) {
            return false;
          }
          pending.clear();
          next = 0;
          process(input.next(), flows, owners, table, texts, pending);
        }
        return true;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return pending.get(next++);
      }
    };
  }

  private void process(
      InternalRow row,
      FlowAttributor flows,
      scala.Function1<Object, Object> ownersConverter,
      RowPricer table,
      Texts texts,
      List<InternalRow> out) {
    // the input row's buffer is reused for the next row: what the output keeps is copied
    UTF8String sourceFile = row.getUTF8String(16).clone();
    long sourceRow = row.getLong(17);
    String problemField = null;
    String problem = null;
    for (int i = 0; i < REQUIRED.length && problem == null; i++) {
      if (row.isNullAt(REQUIRED[i])) {
        problemField = Tables.FLOW_SNAPSHOT.fields()[REQUIRED[i]].name();
        problem = problemField + " is null";
      }
    }
    String[] text = new String[4]; // local_ip, peer_ip, peer_pre_nat_ip, snat_ip as they came in
    String localIp = null;
    String peerIp = null;
    String preNatIp = null;
    String snatIp = null;
    Protocol protocol = null;
    Direction direction = null;
    long windowStart = 0;
    long windowEnd = 0;
    if (problem == null) {
      windowStart = row.getLong(2);
      windowEnd = row.getLong(3);
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
        problem = "window_start " + instant(windowStart) + " is outside the partition's date";
      }
      if (problem == null && windowEnd <= windowStart) {
        problemField = "window_end";
        problem = "window_end " + instant(windowEnd) + " is not after window_start";
      }
      if (problem == null && windowEnd > dayEndMicros) {
        problemField = "window_end";
        problem = "window_end " + instant(windowEnd) + " is after the partition's date";
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
          for (int i = 0; i < text.length; i++) {
            text[i] = row.isNullAt(4 + i) ? null : row.getUTF8String(4 + i).toString();
          }
          problemField = "local_ip";
          localIp = IpAddresses.canonical(text[0]);
          problemField = "peer_ip";
          peerIp = IpAddresses.canonical(text[1]);
          problemField = "peer_pre_nat_ip";
          preNatIp = text[2] == null ? null : IpAddresses.canonical(text[2]);
          problemField = "snat_ip";
          snatIp = text[3] == null ? null : IpAddresses.canonical(text[3]);
          problemField = "protocol";
          protocol = Protocol.fromWireName(row.getUTF8String(8).toString());
          problemField = "direction";
          direction = Direction.fromWireName(row.getUTF8String(10).toString());
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
      values[values.length - 2] = UTF8String.fromString(problemField);
      values[values.length - 1] = UTF8String.fromString(problem);
      out.add(new GenericInternalRow(values));
      return;
    }

    String cluster = row.getUTF8String(0).toString();
    boolean inbound = direction == Direction.INBOUND;
    FlowAttributor owners = flows;
    if (joined) {
      List<Row> matches =
          row.isNullAt(OWNERS)
              ? List.of()
              : scala.jdk.javaapi.CollectionConverters.asJava(
                  (scala.collection.Seq<Row>) ownersConverter.apply(row.getArray(OWNERS)));
      owners = flows.withIndex(OwnershipJoin.index(cluster, matches));
    }
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
    // text the row passes through, as the bytes it came in
    UTF8String clusterText = row.getUTF8String(0).clone();
    UTF8String node = row.getUTF8String(1).clone();
    UTF8String localIpText = address(localIp, text[0], row, 4);
    UTF8String peerIpText = address(peerIp, text[1], row, 5);
    UTF8String preNatText = preNatIp == null ? null : address(preNatIp, text[2], row, 6);
    UTF8String snatText = snatIp == null ? null : address(snatIp, text[3], row, 7);
    for (FlowAttributor.Part part : parts) {
      Object[] values =
          output(
              windowStart,
              windowEnd,
              clusterText,
              node,
              localIpText,
              peerIpText,
              preNatText,
              snatText,
              localIp,
              peerIp,
              preNatIp,
              snatIp,
              protocol,
              row.getInt(9),
              direction,
              part,
              table,
              texts);
      values[values.length - 4] = sourceFile;
      values[values.length - 3] = sourceRow;
      out.add(new GenericInternalRow(values));
    }
  }

  private Object[] output(
      long windowStart,
      long windowEnd,
      UTF8String cluster,
      UTF8String node,
      UTF8String localIpText,
      UTF8String peerIpText,
      UTF8String preNatText,
      UTF8String snatText,
      String localIp,
      String peerIp,
      String preNatIp,
      String snatIp,
      Protocol protocol,
      int serverPort,
      Direction direction,
      FlowAttributor.Part part,
      RowPricer table,
      Texts texts) {
    Owner local = part.local();
    Owner peer = part.peer();
    Owner service = part.service();
    TrafficClass trafficClass = part.trafficClass();
    Destination destination = part.destination();
    UTF8String[] localText = local == null ? null : texts.owner(local);
    UTF8String[] peerText = peer == null ? null : texts.owner(peer);
    UTF8String peerRegion =
        peer != null ? peerText[REGION] : texts.of(destination.peerRegion().orElse(null));
    UTF8String peerZone =
        peer != null ? peerText[ZONE] : texts.of(destination.peerZone().orElse(null));
    UTF8String peerService =
        service != null
            ? texts.owner(service)[SERVICE]
            : destination == null ? null : texts.of(destination.service().orElse(null));
    Optional<RowPricer.Priced> priced = table.price(part, localIp, peerIp, snatIp, preNatIp);
    Decimal egressCost = null;
    Decimal ingressCost = null;
    Decimal cost = null;
    Decimal egressRate = null;
    Decimal ingressRate = null;
    String currency = defaultCurrency;
    String sheet = null;
    if (priced.isPresent()) {
      RowPricer.Priced p = priced.get();
      egressCost = Decimal.apply(p.egressCost());
      ingressCost = Decimal.apply(p.ingressCost());
      cost = Decimal.apply(p.egressCost().add(p.ingressCost()));
      egressRate = p.egressRate() == null ? null : Decimal.apply(scaled(p.egressRate()));
      ingressRate = Decimal.apply(scaled(p.ingressRate()));
      currency = p.currency();
      sheet = p.sheetVersion();
    }
    UTF8String unknown = texts.of(Sentinels.UNKNOWN);
    return new Object[] {
      windowStart,
      windowEnd,
      cluster,
      node,
      localIpText,
      peerIpText,
      preNatText,
      snatText,
      texts.of(protocol.wireName()),
      serverPort,
      texts.of(direction.wireName()),
      texts.of(local == null ? "unresolved" : local.kind().wireName()),
      local == null || localText[NAMESPACE] == null ? unknown : localText[NAMESPACE],
      local == null ? null : localText[POD],
      local == null ? unknown : localText[WORKLOAD_KIND],
      local == null ? unknown : localText[WORKLOAD],
      local == null ? texts.of(Sentinels.UNASSIGNED_TEAM) : localText[TEAM],
      local == null ? null : localText[ZONE],
      local == null ? null : localText[REGION],
      texts.of(peer == null ? "external" : peer.kind().wireName()),
      peer == null ? null : peerText[NAMESPACE],
      peer == null ? null : peerText[POD],
      peer == null ? null : peerText[WORKLOAD_KIND],
      peer == null ? null : peerText[WORKLOAD],
      peer == null ? null : peerText[TEAM],
      peerZone,
      peerRegion,
      peerService,
      texts.of(trafficClass.wireName()),
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
      texts.of(currency),
      texts.of(sheet),
      part.split(),
      null, // source_file
      null, // source_row
      null,
      null
    };
  }

  private static final int NAMESPACE = 0;
  private static final int POD = 1;
  private static final int WORKLOAD_KIND = 2;
  private static final int WORKLOAD = 3;
  private static final int TEAM = 4;
  private static final int ZONE = 5;
  private static final int REGION = 6;
  private static final int SERVICE = 7;

  /**
   * The text of one task's output as Spark's UTF-8 strings, each made once: per owner (the
   * broadcast index hands out the same {@link Owner} objects row after row; joined rows decode
   * their own, so there owners are not kept), per repeated value (kinds, classes, currencies,
   * regions). Both maps are bounded: a task that sees more distinct owners or values starts them
   * afresh.
   */
  private static final class Texts {
    private static final int MAX_ENTRIES = 65_536;
    private final boolean keepOwners;
    private final Map<Owner, UTF8String[]> owners = new IdentityHashMap<>();
    private final Map<String, UTF8String> values = new java.util.HashMap<>();

    Texts(boolean keepOwners) {
      this.keepOwners = keepOwners;
    }

    UTF8String[] owner(Owner owner) {
      UTF8String[] text = keepOwners ? owners.get(owner) : null;
      if (text == null) {
        if (owners.size() >= MAX_ENTRIES) {
          owners.clear();
        }
        text =
            new UTF8String[] {
              UTF8String.fromString(owner.namespace()),
              UTF8String.fromString(owner.pod()),
              UTF8String.fromString(owner.workloadKind()),
              UTF8String.fromString(owner.workload()),
              UTF8String.fromString(owner.team()),
              UTF8String.fromString(owner.zone()),
              UTF8String.fromString(owner.region()),
              UTF8String.fromString(owner.namespace() + "/" + owner.workload())
            };
        if (keepOwners) {
          owners.put(owner, text);
        }
      }
      return text;
    }

    UTF8String of(String value) {
      if (value == null) {
        return null;
      }
      UTF8String text = values.get(value);
      if (text == null) {
        if (values.size() >= MAX_ENTRIES) {
          values.clear();
        }
        text = UTF8String.fromString(value);
        values.put(value, text);
      }
      return text;
    }
  }

  /** An address in canonical form: the input's bytes when it already was, else new text. */
  private static UTF8String address(String canonical, String input, InternalRow row, int column) {
    return canonical.equals(input)
        ? row.getUTF8String(column).clone()
        : UTF8String.fromString(canonical);
  }

  private static BigDecimal scaled(BigDecimal value) {
    return Money.round(value);
  }

  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
