package dev.netcost.contract;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Columns of the metadata snapshot, version 1: IP ownership intervals. One row says that {@code ip}
 * belonged to one owner (pod, hostNetwork pod, node, service VIP, load balancer) during {@code
 * [valid_from, valid_to)}; {@code valid_to} is null while the owner still held the address when the
 * snapshot was written. See docs/data-contract.md.
 */
public final class MetadataSchema {
  public static final String CLUSTER = "cluster";
  public static final String IP = "ip";
  public static final String KIND = "kind";
  public static final String OWNER_UID = "owner_uid";
  public static final String NAMESPACE = "namespace";
  public static final String POD = "pod";
  public static final String WORKLOAD_KIND = "workload_kind";
  public static final String WORKLOAD = "workload";
  public static final String TEAM = "team";
  public static final String LABELS_JSON = "labels_json";
  public static final String NODE = "node";
  public static final String ZONE = "zone";
  public static final String REGION = "region";
  public static final String CLOUD_INSTANCE_ID = "cloud_instance_id";
  public static final String LISTEN_PORTS = "listen_ports";
  public static final String VALID_FROM = "valid_from";
  public static final String VALID_TO = "valid_to";

  static final MessageType V1 =
      MessageTypeParser.parseMessageType(
          """
          message netcost_metadata_v1 {
            required binary cluster (STRING);
            required binary ip (STRING);
            required binary kind (STRING);
            required binary owner_uid (STRING);
            optional binary namespace (STRING);
            optional binary pod (STRING);
            required binary workload_kind (STRING);
            required binary workload (STRING);
            required binary team (STRING);
            required binary labels_json (STRING);
            optional binary node (STRING);
            optional binary zone (STRING);
            optional binary region (STRING);
            optional binary cloud_instance_id (STRING);
            optional binary listen_ports (STRING);
            required int64 valid_from (TIMESTAMP(MICROS,true));
            optional int64 valid_to (TIMESTAMP(MICROS,true));
          }
          """);

  private MetadataSchema() {}
}
