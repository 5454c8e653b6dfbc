package dev.netcost.contract;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Columns of the flow snapshot, version 1. One row is the traffic between one local endpoint of the
 * reporting node and one peer, on one server port and protocol, in one direction of connection
 * set-up, during one window. See docs/data-contract.md for every column's unit.
 */
public final class FlowSchema {
  public static final String CLUSTER = "cluster";
  public static final String NODE = "node";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String LOCAL_IP = "local_ip";
  public static final String PEER_IP = "peer_ip";
  public static final String PEER_PRE_NAT_IP = "peer_pre_nat_ip";
  public static final String SNAT_IP = "snat_ip";
  public static final String PROTOCOL = "protocol";
  public static final String SERVER_PORT = "server_port";
  public static final String DIRECTION = "direction";
  public static final String SENT_BYTES = "sent_bytes";
  public static final String RECEIVED_BYTES = "received_bytes";
  public static final String SENT_PACKETS = "sent_packets";
  public static final String RECEIVED_PACKETS = "received_packets";
  public static final String CONNECTIONS = "connections";

  static final MessageType V1 =
      MessageTypeParser.parseMessageType(
          """
          message netcost_flows_v1 {
            required binary cluster (STRING);
            required binary node (STRING);
            required int64 window_start (TIMESTAMP(MICROS,true));
            required int64 window_end (TIMESTAMP(MICROS,true));
            required binary local_ip (STRING);
            required binary peer_ip (STRING);
            optional binary peer_pre_nat_ip (STRING);
            optional binary snat_ip (STRING);
            required binary protocol (STRING);
            required int32 server_port;
            required binary direction (STRING);
            required int64 sent_bytes;
            required int64 received_bytes;
            required int64 sent_packets;
            required int64 received_packets;
            required int64 connections;
          }
          """);

  private FlowSchema() {}
}
