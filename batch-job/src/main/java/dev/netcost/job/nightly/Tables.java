package dev.netcost.job.nightly;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createDecimalType;

import dev.netcost.contract.Money;
import dev.netcost.contract.SnapshotFormat;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark schemas of what the job reads and writes. The column lists are the data contract
 * (docs/data-contract.md): the snapshots' are derived from the contract's Parquet schemas, the
 * output tables' are defined here; money is DECIMAL(38,9), timestamps are UTC instants written as
 * TIMESTAMP_MICROS.
 */
public final class Tables {
  public static final DataType MONEY = createDecimalType(38, Money.SCALE);

  public static final String NETWORK_FLOWS = "network_flows";
  public static final String CHARGEBACK_DAILY = "chargeback_daily";
  public static final String RUN_LOG = "run_log";
  public static final String RECONCILIATION_KEYS_DAILY = "reconciliation_keys_daily";
  public static final String RECONCILIATION_ALLOCATIONS_DAILY = "reconciliation_allocations_daily";

  /**
   * Flow snapshot columns as Spark reads them: derived from the contract's Parquet schema ({@link
   * SnapshotFormat#FLOWS}), so a change of the contract changes what the job reads.
   */
  public static final StructType FLOW_SNAPSHOT = sparkSchema(SnapshotFormat.FLOWS.schema());

  /**
   * Metadata snapshot columns as Spark reads them: the contract's {@link SnapshotFormat#METADATA}.
   */
  public static final StructType METADATA_SNAPSHOT = sparkSchema(SnapshotFormat.METADATA.schema());

  /** network_flows: one row per flow snapshot row and owner pair. */
  public static final StructType NETWORK_FLOWS_SCHEMA =
      schema(
          required("window_start", TimestampType),
          required("window_end", TimestampType),
          required("cluster", StringType),
          required("node", StringType),
          required("local_ip", StringType),
          required("peer_ip", StringType),
          optional("peer_pre_nat_ip", StringType),
          optional("snat_ip", StringType),
          required("protocol", StringType),
          required("server_port", IntegerType),
          required("direction", StringType),
          required("local_kind", StringType),
          required("namespace", StringType),
          optional("pod", StringType),
          required("workload_kind", StringType),
          required("workload", StringType),
          required("team", StringType),
          optional("zone", StringType),
          optional("region", StringType),
          required("peer_kind", StringType),
          optional("peer_namespace", StringType),
          optional("peer_pod", StringType),
          optional("peer_workload_kind", StringType),
          optional("peer_workload", StringType),
          optional("peer_team", StringType),
          optional("peer_zone", StringType),
          optional("peer_region", StringType),
          optional("peer_service", StringType),
          required("traffic_class", StringType),
          required("sent_bytes", LongType),
          required("received_bytes", LongType),
          required("sent_packets", LongType),
          required("received_packets", LongType),
          required("connections", LongType),
          optional("egress_usd_per_gib", MONEY),
          optional("ingress_usd_per_gib", MONEY),
          optional("egress_cost", MONEY),
          optional("ingress_cost", MONEY),
          optional("cost", MONEY),
          required("currency", StringType),
          optional("price_sheet_version", StringType),
          required("split", BooleanType),
          required("source_file", StringType),
          required("source_row", LongType));

  /** What the attribution step emits: network_flows plus the reason a row was rejected. */
  public static final StructType ATTRIBUTED_SCHEMA =
      NETWORK_FLOWS_SCHEMA
          .add(optional("problem_field", StringType))
          .add(optional("problem", StringType));

  public static final StructType CHARGEBACK_DAILY_SCHEMA =
      schema(
          required("cluster", StringType),
          required("team", StringType),
          required("namespace", StringType),
          required("workload_kind", StringType),
          required("workload", StringType),
          required("traffic_class", StringType),
          required("egress_bytes", LongType),
          required("ingress_bytes", LongType),
          required("unpriced_bytes", LongType),
          optional("egress_cost", MONEY),
          optional("ingress_cost", MONEY),
          optional("cost", MONEY),
          required("currency", StringType));

  /**
   * reconciliation_keys_daily: one row per date and billing key (provider, charge_kind,
   * traffic_class, direction, region, resource_id). The billed amounts live here only.
   */
  public static final StructType RECONCILIATION_KEYS_DAILY_SCHEMA =
      schema(
          required("provider", StringType),
          required("charge_kind", StringType),
          required("traffic_class", StringType),
          required("direction", StringType),
          optional("region", StringType),
          optional("resource_id", StringType),
          optional("resource_cluster", StringType),
          required("billed_cost", MONEY),
          required("billed_list_cost", MONEY),
          required("billed_net_cost", MONEY),
          required("billed_usage_gib", MONEY),
          required("bill_lines", LongType),
          optional("estimated_cost", MONEY),
          required("measured_bytes", LongType),
          required("unpriced_bytes", LongType),
          required("reconciled_cost", MONEY),
          required("unattributed_cost", MONEY),
          optional("coverage_ratio", MONEY),
          optional("estimate_to_bill_ratio", MONEY),
          optional("bill_to_estimate_ratio", MONEY),
          required("cost_basis", StringType),
          required("currency", StringType),
          required("flags", StringType));

  /**
   * reconciliation_allocations_daily: one row per date, billing key and owner (cluster, team,
   * namespace, workload_kind, workload), including one {@code __unattributed__} owner row per key
   * with unattributed cost.
   */
  public static final StructType RECONCILIATION_ALLOCATIONS_DAILY_SCHEMA =
      schema(
          required("provider", StringType),
          required("charge_kind", StringType),
          required("traffic_class", StringType),
          required("direction", StringType),
          optional("region", StringType),
          optional("resource_id", StringType),
          required("cluster", StringType),
          required("team", StringType),
          required("namespace", StringType),
          required("workload_kind", StringType),
          required("workload", StringType),
          optional("estimated_cost", MONEY),
          required("measured_bytes", LongType),
          required("reconciled_cost", MONEY),
          required("currency", StringType));

  public static final StructType RUN_LOG_SCHEMA =
      schema(
          required("run_id", StringType),
          required("started_at", TimestampType),
          required("finished_at", TimestampType),
          required("store", StringType),
          required("status", StringType),
          required("flow_files_read", IntegerType),
          required("metadata_files_read", IntegerType),
          required("files_quarantined", IntegerType),
          required("flow_rows_read", LongType),
          required("rows_quarantined", LongType),
          required("rows_written", LongType),
          required("rows_unpriced", LongType),
          required("bytes_unpriced", LongType),
          required("rows_local_unresolved", LongType),
          required("ownership_intervals", LongType),
          required("price_sheet_version", StringType),
          required("attribution_policy", StringType),
          required("spark_master", StringType),
          required("ownership_conflicts", LongType),
          optional("message", StringType));

  private Tables() {}

  /**
   * The Spark schema of a flat Parquet schema, column for column and in order: a required column is
   * not nullable, an optional one is. Only the types the snapshot contract uses are mapped (UTF-8
   * strings, 32- and 64-bit integers, booleans, doubles, decimals, UTC timestamps in microseconds);
   * anything else is refused rather than guessed at.
   *
   * @throws IllegalArgumentException naming the column when it is repeated, a group, or of a type
   *     outside that list
   */
  static StructType sparkSchema(MessageType message) {
    requireNonNull(message, "message is null");
    StructField[] fields = new StructField[message.getFieldCount()];
    for (int i = 0; i < fields.length; i++) {
      Type column = message.getType(i);
      if (!column.isPrimitive()) {
        throw new IllegalArgumentException(
            "Cannot read Parquet column " + column.getName() + " in Spark: it is a group");
      }
      boolean nullable =
          switch (column.getRepetition()) {
            case REQUIRED -> false;
            case OPTIONAL -> true;
            case REPEATED ->
                throw new IllegalArgumentException(
                    "Cannot read Parquet column " + column.getName() + " in Spark: it is repeated");
          };
      fields[i] =
          new StructField(
              column.getName(), sparkType(column.asPrimitiveType()), nullable, Metadata.empty());
    }
    return new StructType(fields);
  }

  private static DataType sparkType(PrimitiveType column) {
    LogicalTypeAnnotation logical = column.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
      return createDecimalType(decimal.getPrecision(), decimal.getScale());
    }
    DataType type =
        switch (column.getPrimitiveTypeName()) {
          case BOOLEAN -> logical == null ? BooleanType : null;
          case INT32 -> logical == null || isSignedInt(logical, 32) ? IntegerType : null;
          case INT64 -> {
            if (logical == null || isSignedInt(logical, 64)) {
              yield LongType;
            }
            yield logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp
                    && timestamp.isAdjustedToUTC()
                    && timestamp.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS
                ? TimestampType
                : null;
          }
          case DOUBLE -> logical == null ? DoubleType : null;
          case BINARY ->
              logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                  ? StringType
                  : null;
          case FLOAT, INT96, FIXED_LEN_BYTE_ARRAY -> null;
        };
    if (type == null) {
      throw new IllegalArgumentException(
          "Cannot read Parquet column "
              + column.getName()
              + " in Spark: unsupported type "
              + column);
    }
    return type;
  }

  private static boolean isSignedInt(LogicalTypeAnnotation logical, int bits) {
    return logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer
        && integer.isSigned()
        && integer.getBitWidth() == bits;
  }

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField required(String name, DataType type) {
    return new StructField(name, type, false, Metadata.empty());
  }

  private static StructField optional(String name, DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }
}
