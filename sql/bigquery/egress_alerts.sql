-- BigQuery external table over netcost's egress_alerts Parquet files (Hive partitioning on `date`).
-- Replace YOUR_BUCKET/netcost with the store root (two places); create the dataset `netcost` first.
-- DECIMAL(38,9) reads as NUMERIC (precision 38, scale 9) and TIMESTAMP_MICROS as TIMESTAMP.
CREATE OR REPLACE EXTERNAL TABLE netcost.egress_alerts (
  alert_id               STRING,
  severity               STRING,
  kind                   STRING,
  cluster                STRING,
  namespace              STRING,
  workload_kind          STRING,
  workload               STRING,
  team                   STRING,
  subject                STRING,
  destination_ip         STRING,
  destination_prefix     STRING,
  protocol               STRING,
  destination_port       INT64,
  country_code           STRING,
  asn                    INT64,
  asn_organization       STRING,
  egress_bytes           INT64,
  ingress_bytes          INT64,
  connections            INT64,
  baseline_median_bytes  INT64,
  threshold_bytes        INT64,
  first_seen             TIMESTAMP,
  message                STRING,
  suppressed             BOOL,
  suppression_reason     STRING
)
WITH PARTITION COLUMNS (
  date DATE
)
OPTIONS (
  format = 'PARQUET',
  uris = ['gs://YOUR_BUCKET/netcost/tables/egress_alerts/*'],
  hive_partition_uri_prefix = 'gs://YOUR_BUCKET/netcost/tables/egress_alerts',
  require_hive_partition_filter = false,
  description = 'netcost egress_alerts'
);
