package dev.netcost.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The snapshot schemas the job reads are the contract's Parquet schemas: written out here as
 * literals, so a change of the contract fails this test until the job (and this list) follow it.
 */
class TablesTest {
  private static StructField required(String name, DataType type) {
    return new StructField(name, type, false, Metadata.empty());
  }

  private static StructField optional(String name, DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }

  @Test
  void flowSnapshotIsTheContractsFlowsV1() {
    assertThat(Tables.FLOW_SNAPSHOT)
        .isEqualTo(
            new StructType(
                new StructField[] {
                  required("cluster", DataTypes.StringType),
                  required("node", DataTypes.StringType),
                  required("window_start", DataTypes.TimestampType),
                  required("window_end", DataTypes.TimestampType),
                  required("local_ip", DataTypes.StringType),
                  required("peer_ip", DataTypes.StringType),
                  optional("peer_pre_nat_ip", DataTypes.StringType),
                  optional("snat_ip", DataTypes.StringType),
                  required("protocol", DataTypes.StringType),
                  required("server_port", DataTypes.IntegerType),
                  required("direction", DataTypes.StringType),
                  required("sent_bytes", DataTypes.LongType),
                  required("received_bytes", DataTypes.LongType),
                  required("sent_packets", DataTypes.LongType),
                  required("received_packets", DataTypes.LongType),
                  required("connections", DataTypes.LongType)
                }));
  }

  @Test
  void metadataSnapshotIsTheContractsMetadataV1() {
    assertThat(Tables.METADATA_SNAPSHOT)
        .isEqualTo(
            new StructType(
                new StructField[] {
                  required("cluster", DataTypes.StringType),
                  required("ip", DataTypes.StringType),
                  required("kind", DataTypes.StringType),
                  required("owner_uid", DataTypes.StringType),
                  optional("namespace", DataTypes.StringType),
                  optional("pod", DataTypes.StringType),
                  required("workload_kind", DataTypes.StringType),
                  required("workload", DataTypes.StringType),
                  required("team", DataTypes.StringType),
                  required("labels_json", DataTypes.StringType),
                  optional("node", DataTypes.StringType),
                  optional("zone", DataTypes.StringType),
                  optional("region", DataTypes.StringType),
                  optional("cloud_instance_id", DataTypes.StringType),
                  optional("listen_ports", DataTypes.StringType),
                  required("valid_from", DataTypes.TimestampType),
                  optional("valid_to", DataTypes.TimestampType)
                }));
  }

  @Test
  void sparkSchemaMapsEachSupportedParquetType() {
    assertThat(
            Tables.sparkSchema(
                MessageTypeParser.parseMessageType(
                    """
                    message m {
                      required binary s (STRING);
                      optional int32 i;
                      required int32 i32 (INTEGER(32,true));
                      optional int64 l;
                      required int64 l64 (INTEGER(64,true));
                      required boolean b;
                      optional double d;
                      required int64 t (TIMESTAMP(MICROS,true));
                      required fixed_len_byte_array(16) money (DECIMAL(38,9));
                      optional int64 small (DECIMAL(18,2));
                    }
                    """)))
        .isEqualTo(
            new StructType(
                new StructField[] {
                  required("s", DataTypes.StringType),
                  optional("i", DataTypes.IntegerType),
                  required("i32", DataTypes.IntegerType),
                  optional("l", DataTypes.LongType),
                  required("l64", DataTypes.LongType),
                  required("b", DataTypes.BooleanType),
                  optional("d", DataTypes.DoubleType),
                  required("t", DataTypes.TimestampType),
                  required("money", DataTypes.createDecimalType(38, 9)),
                  optional("small", DataTypes.createDecimalType(18, 2))
                }));
  }

  @Test
  void sparkSchemaRefusesWhatItCannotMapExactly() {
    assertThatThrownBy(() -> Tables.sparkSchema(parse("repeated binary tags (STRING);")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read Parquet column tags in Spark: it is repeated");
    assertThatThrownBy(() -> Tables.sparkSchema(parse("optional group g { required int32 x; }")))
        .hasMessage("Cannot read Parquet column g in Spark: it is a group");
    // local time (not UTC), milliseconds, INT96, raw bytes, unsigned: not what the contract writes
    assertThatThrownBy(
            () -> Tables.sparkSchema(parse("required int64 t (TIMESTAMP(MICROS,false));")))
        .hasMessage(
            "Cannot read Parquet column t in Spark: unsupported type"
                + " required int64 t (TIMESTAMP(MICROS,false))");
    assertThatThrownBy(
            () -> Tables.sparkSchema(parse("required int64 t (TIMESTAMP(MILLIS,true));")))
        .hasMessage(
            "Cannot read Parquet column t in Spark: unsupported type"
                + " required int64 t (TIMESTAMP(MILLIS,true))");
    assertThatThrownBy(() -> Tables.sparkSchema(parse("required int96 t;")))
        .hasMessage("Cannot read Parquet column t in Spark: unsupported type required int96 t");
    assertThatThrownBy(() -> Tables.sparkSchema(parse("optional binary raw;")))
        .hasMessage(
            "Cannot read Parquet column raw in Spark: unsupported type optional binary raw");
    assertThatThrownBy(() -> Tables.sparkSchema(parse("required int32 u (INTEGER(32,false));")))
        .hasMessage(
            "Cannot read Parquet column u in Spark: unsupported type"
                + " required int32 u (INTEGER(32,false))");
  }

  private static org.apache.parquet.schema.MessageType parse(String column) {
    return MessageTypeParser.parseMessageType("message m { " + column + " }");
  }
}
