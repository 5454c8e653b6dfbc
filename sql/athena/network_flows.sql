-- Athena (Glue catalog) external table over netcost's network_flows Parquet files.
-- Replace YOUR_BUCKET/netcost with the store root the nightly job writes to (two places).
-- Partition projection on `date`: no MSCK REPAIR / crawler needed, new partitions appear by themselves.
CREATE EXTERNAL TABLE IF NOT EXISTS netcost.network_flows (
  window_start         timestamp,
  window_end           timestamp,
  cluster              string,
  node                 string,
  local_ip             string,
  peer_ip              string,
  peer_pre_nat_ip      string,
  snat_ip              string,
  protocol             string,
  server_port          int,
  direction            string,
  local_kind           string,
  namespace            string,
  pod                  string,
  workload_kind        string,
  workload             string,
  team                 string,
  zone                 string,
  region               string,
  peer_kind            string,
  peer_namespace       string,
  peer_pod             string,
  peer_workload_kind   string,
  peer_workload        string,
  peer_team            string,
  peer_zone            string,
  peer_region          string,
  peer_service         string,
  traffic_class        string,
  sent_bytes           bigint,
  received_bytes       bigint,
  sent_packets         bigint,
  received_packets     bigint,
  connections          bigint,
  egress_usd_per_gib   decimal(38,9),
  ingress_usd_per_gib  decimal(38,9),
  egress_cost          decimal(38,9),
  ingress_cost         decimal(38,9),
  cost                 decimal(38,9),
  currency             string,
  price_sheet_version  string,
  split                boolean,
  source_file          string,
  source_row           bigint
)
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://YOUR_BUCKET/netcost/tables/network_flows/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.date.type' = 'date',
  'projection.date.format' = 'yyyy-MM-dd',
  'projection.date.range' = '2024-01-01,NOW',
  'projection.date.interval' = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://YOUR_BUCKET/netcost/tables/network_flows/date=${date}/'
);
