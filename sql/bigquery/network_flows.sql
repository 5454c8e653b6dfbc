-- BigQuery external table over netcost's network_flows Parquet files (Hive partitioning on `date`).
-- Replace YOUR_BUCKET/netcost with the store root (two places); create the dataset `netcost` first.
-- DECIMAL(38,9) reads as NUMERIC (precision 38, scale 9) and TIMESTAMP_MICROS as TIMESTAMP.
CREATE OR REPLACE EXTERNAL TABLE netcost.network_flows (
  window_start         TIMESTAMP,
  window_end           TIMESTAMP,
  cluster              STRING,
  node                 STRING,
  local_ip             STRING,
  peer_ip              STRING,
  peer_pre_nat_ip      STRING,
  snat_ip              STRING,
  protocol             STRING,
  server_port          INT64,
  direction            STRING,
  local_kind           STRING,
  namespace            STRING,
  pod                  STRING,
  workload_kind        STRING,
  workload             STRING,
  team                 STRING,
  zone                 STRING,
  region               STRING,
  peer_kind            STRING,
  peer_namespace       STRING,
  peer_pod             STRING,
  peer_workload_kind   STRING,
  peer_workload        STRING,
  peer_team            STRING,
  peer_zone            STRING,
  peer_region          STRING,
  peer_service         STRING,
  traffic_class        STRING,
  sent_bytes           INT64,
  received_bytes       INT64,
  sent_packets         INT64,
  received_packets     INT64,
  connections          INT64,
  egress_usd_per_gib   NUMERIC,
  ingress_usd_per_gib  NUMERIC,
  egress_cost          NUMERIC,
  ingress_cost         NUMERIC,
  cost                 NUMERIC,
  currency             STRING,
  price_sheet_version  STRING,
  split                BOOL,
  source_file          STRING,
  source_row           INT64
)
WITH PARTITION COLUMNS (
  date DATE
)
OPTIONS (
  format = 'PARQUET',
  uris = ['gs://YOUR_BUCKET/netcost/tables/network_flows/*'],
  hive_partition_uri_prefix = 'gs://YOUR_BUCKET/netcost/tables/network_flows',
  require_hive_partition_filter = false,
  description = 'netcost network_flows'
);
