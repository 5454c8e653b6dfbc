-- Athena (Glue catalog) external table over netcost's egress_alerts Parquet files.
-- Replace YOUR_BUCKET/netcost with the store root the nightly job writes to (two places).
-- Partition projection on `date`: no MSCK REPAIR / crawler needed, new partitions appear by themselves.
CREATE EXTERNAL TABLE IF NOT EXISTS netcost.egress_alerts (
  alert_id               string,
  severity               string,
  kind                   string,
  cluster                string,
  namespace              string,
  workload_kind          string,
  workload               string,
  team                   string,
  subject                string,
  destination_ip         string,
  destination_prefix     string,
  protocol               string,
  destination_port       int,
  country_code           string,
  asn                    bigint,
  asn_organization       string,
  egress_bytes           bigint,
  ingress_bytes          bigint,
  connections            bigint,
  baseline_median_bytes  bigint,
  threshold_bytes        bigint,
  first_seen             timestamp,
  message                string,
  suppressed             boolean,
  suppression_reason     string
)
PARTITIONED BY (`date` string)
STORED AS PARQUET
LOCATION 's3://YOUR_BUCKET/netcost/tables/egress_alerts/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.date.type' = 'date',
  'projection.date.format' = 'yyyy-MM-dd',
  'projection.date.range' = '2024-01-01,NOW',
  'projection.date.interval' = '1',
  'projection.date.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://YOUR_BUCKET/netcost/tables/egress_alerts/date=${date}/'
);
